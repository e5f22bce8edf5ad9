package io.ceip.agent;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ceip-agent send} (the daily timer's way) while the dead-letter store cannot be written (a disk-full stand-in:
 * a regular file where its directory's parent should be, so every write fails): its report, not delivered, is kept
 * in memory, and that memory ends with the process a moment later. It answered "kept in memory for retry (the
 * dead-letter store cannot be written)" with exit code 3 (stored for retry), and no line ever said the report was
 * lost; now the answer says lost (exit code 6 for a report to retry, 4 still for a rejected one) and one WARN line
 * names it, as when the memory bound lets a report go; a report the store takes before send ends is said stored.
 */
class SendWhileTheStoreCannotBeWrittenSaysItsReportLostTest {

    @TempDir
    Path dir;

    private final TestCertificates certificates = TestCertificates.localhost();
    private final TestHttpsServer server = TestHttpsServer.start(certificates, 0);

    @AfterEach
    void stop() {
        server.close();
        System.clearProperty("ceip.config");
    }

    @Test
    void aReportToRetryIsSaidLostNotKept() throws Exception {
        config();
        server.reply(Reply.status(503));

        Logged send = sendLogged();

        String id = server.received().get(0).header("Idempotency-Key");
        assertThat(send.result().out()).endsWith("Report " + id + " not delivered (HTTP 503); lost: the dead-letter store"
                + " cannot be written, and send keeps nothing in memory once it ends (free space or fix the"
                + " permissions, see the log)\n");
        assertThat(send.result().code()).as("not delivered, kept nowhere").isEqualTo(6);
        assertThat(send.log().lines().filter(line -> line.contains("lost"))).singleElement().asString()
                .contains("Report " + id + " lost: the dead-letter store cannot be written and this process ends");
    }

    @Test
    void aRejectedReportIsSaidLostNotKept() throws Exception {
        config();
        server.reply(Reply.status(401, "unknown token"));

        Result send = run("send");

        assertThat(send.out()).endsWith("not delivered (HTTP 401); lost: the dead-letter store cannot be written, and"
                + " send keeps nothing in memory once it ends (free space or fix the permissions, see the log)\n");
        assertThat(send.code()).as("rejected").isEqualTo(4);
    }

    /** The store can be written again before send ends: what it kept in memory is moved there, and said stored. */
    @Test
    void aReportMovedToTheStoreBeforeSendEndsIsSaidStored() throws Exception {
        Path full = config();
        freedOnTheFirstRequest(full);
        server.reply(Reply.status(503));

        Result send = run("send");

        String id = server.received().get(0).header("Idempotency-Key");
        assertThat(send.out()).endsWith("Report " + id + " not delivered (HTTP 503); stored for retry\n");
        assertThat(send.code()).isEqualTo(3);
        assertThat(new DeadLetterStore(full.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC()).pending())
                .singleElement().extracting(DeadLetter::reportId).isEqualTo(id);
    }

    /**
     * The customer's copy still on its way when {@code send} has its answer (its endpoint answers 503 after a while),
     * its store not writable: the copy ended in memory after the process had let its memory go, and went with it
     * without a line.
     */
    @Test
    void theCustomersCopyStillOnItsWayWhenSendEndsIsSaidLost() throws Exception {
        TestHttpsServer customer = TestHttpsServer.start(certificates, 0);
        try {
            config(dir.resolve("data/dead-letter"), "ceip.customer-endpoint.enabled=true", "ceip.customer-endpoint.url=" + customer.url(),
                    "ceip.customer-endpoint.trust-store=" + dir.resolve("collector.pem"),
                    "ceip.customer-endpoint.directory=" + dir.resolve("full/customer"));
            customer.reply(new Reply(503, java.util.Map.of("X-Delay", "1500"), ""));

            Logged send = sendLogged();

            String id = server.received().get(0).header("Idempotency-Key");
            assertThat(send.result().out()).endsWith("Report " + id + " delivered; the customer's copy: lost: the dead-letter"
                    + " store cannot be written, and send keeps nothing in memory once it ends (free space or fix the"
                    + " permissions, see the log)\n");
            assertThat(send.result().code()).as("the vendor's report's").isZero();
            assertThat(customer.received()).hasSize(1);
            assertThat(send.log().lines().filter(line -> line.contains(" lost"))).as("the customer's copy").singleElement()
                    .asString().contains("Report " + id + " lost: the dead-letter store cannot be written");
        } finally {
            customer.close();
        }
    }

    /**
     * The vendor's store can be written again before send ends, the customer's cannot: the vendor's report is stored
     * for retry, its customer's copy (the same report ID) lost. The copy's loss was taken for the vendor's report's:
     * "lost", exit code 6, of a report on disk.
     */
    @Test
    void theCustomersCopyLostIsNotTheVendorsReport() throws Exception {
        TestHttpsServer customer = TestHttpsServer.start(certificates, 0);
        try {
            Path customerFull = Files.writeString(dir.resolve("customer-full"), "stands for a full disk");
            Path full = config(dir.resolve("full/dead-letter"), "ceip.customer-endpoint.enabled=true",
                    "ceip.customer-endpoint.url=" + customer.url(),
                    "ceip.customer-endpoint.trust-store=" + dir.resolve("collector.pem"),
                    "ceip.customer-endpoint.directory=" + customerFull.resolve("customer"));
            freedOnTheFirstRequest(full);
            server.reply(Reply.status(503));
            customer.reply(Reply.status(503));

            Result send = run("send");

            String id = server.received().get(0).header("Idempotency-Key");
            assertThat(send.out()).endsWith("Report " + id + " not delivered (HTTP 503); stored for retry; the"
                    + " customer's copy: lost: the dead-letter store cannot be written, and send keeps nothing in"
                    + " memory once it ends (free space or fix the permissions, see the log)\n");
            assertThat(send.code()).isEqualTo(3);
            assertThat(new DeadLetterStore(full.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC())
                    .pending()).singleElement().extracting(DeadLetter::reportId).isEqualTo(id);
        } finally {
            customer.close();
        }
    }

    /** The disk "full" stands for is free again when the vendor's endpoint gets its request. */
    private void freedOnTheFirstRequest(Path full) {
        server.onRequest(() -> {
            try {
                Files.deleteIfExists(full);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A {@code send}'s answer and the lines it logged. */
    private record Logged(Result result, String log) {
    }

    private static Logged sendLogged() {
        try (LogCapture capture = LogCapture.attach()) {
            Result send = run("send");
            return new Logged(send, capture.all());
        }
    }

    private Path config() throws Exception {
        return config(dir.resolve("full/dead-letter"));
    }

    /** The vendor's dead-letter store in {@code deadLetter}; {@code more} settings. Returns the file standing for a full disk. */
    private Path config(Path deadLetter, String... more) throws Exception {
        Path full = Files.writeString(dir.resolve("full"), "stands for a full disk");
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"),
                "ceip.dead-letter.directory=" + deadLetter,
                "ceip.database.url=jdbc:h2:mem:send-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", // seeded, kept: a whole
                "ceip.database.demo-data=true", // report (these lines are not about a partial one)
                "ceip.collector.enabled=false", "ceip.endpoint.url=" + server.url(),
                "ceip.endpoint.trust-store=" + certificates.writePem(dir.resolve("collector.pem")),
                "ceip.retry.max-redeliveries=0", String.join("\n", more), ""));
        System.setProperty("ceip.config", config.toString());
        return full;
    }
}
