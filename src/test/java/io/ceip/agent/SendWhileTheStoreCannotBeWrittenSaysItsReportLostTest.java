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

        Result send;
        String log;
        try (LogCapture capture = LogCapture.attach()) {
            send = run("send");
            log = capture.all();
        }

        String id = server.received().get(0).header("Idempotency-Key");
        assertThat(send.out()).endsWith("Report " + id + " not delivered (HTTP 503); lost: the dead-letter store"
                + " cannot be written, and send keeps nothing in memory once it ends (free space or fix the"
                + " permissions, see the log)\n");
        assertThat(send.code()).as("not delivered, kept nowhere").isEqualTo(6);
        assertThat(log.lines().filter(line -> line.contains("lost"))).singleElement().asString()
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
        server.onRequest(() -> {
            try {
                Files.delete(full);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        server.reply(Reply.status(503));

        Result send = run("send");

        String id = server.received().get(0).header("Idempotency-Key");
        assertThat(send.out()).endsWith("Report " + id + " not delivered (HTTP 503); stored for retry\n");
        assertThat(send.code()).isEqualTo(3);
        assertThat(new DeadLetterStore(full.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC()).pending())
                .singleElement().extracting(DeadLetter::reportId).isEqualTo(id);
    }

    private Path config() throws Exception {
        Path full = Files.writeString(dir.resolve("full"), "stands for a full disk");
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"),
                "ceip.dead-letter.directory=" + full.resolve("dead-letter"),
                "ceip.database.url=jdbc:h2:mem:send-" + UUID.randomUUID(), "ceip.database.demo-data=true",
                "ceip.collector.enabled=false", "ceip.endpoint.url=" + server.url(),
                "ceip.endpoint.trust-store=" + certificates.writePem(dir.resolve("collector.pem")),
                "ceip.retry.max-redeliveries=0", ""));
        System.setProperty("ceip.config", config.toString());
        return full;
    }
}
