package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;
import io.ceip.agent.support.TestHttpsServer.Reply;
import io.ceip.agent.support.Undeletable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ceip-agent requeue}, as an administrator types it ({@link AgentCommand#execute}): after a report was refused
 * with HTTP 401 (a wrong token) by a real HTTPS collector, requeue puts it back to pending in one line, records it in
 * the ledger as the JMX operation does, and the next {@code send} delivers it; with nothing rejected, or no data
 * directory at all, it says 0 and writes nothing; a wrong argument or a bad setting is one line with the other
 * commands' exit codes.
 */
class RequeueCommandTest {

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
    void aReportRejectedWith401IsRequeuedLedgeredAndSentByTheNextSend() throws Exception {
        config("");
        server.reply(Reply.status(401, "unknown token"));
        assertThat(run("send").code()).as("rejected").isEqualTo(4);
        String rejected = server.received().get(0).header("Idempotency-Key");
        List<String> ledgerBefore = ledger();

        Result requeue = run("requeue");

        assertThat(requeue.code()).isZero();
        assertThat(requeue.out()).isEqualTo("1 rejected report(s) requeued\n");
        assertThat(requeue.err()).isEmpty();
        assertThat(store().read(rejected).map(DeadLetter::state)).contains(DeadLetter.PENDING);
        assertThat(ledger()).hasSize(ledgerBefore.size() + 1);
        assertThat(ledger().get(ledgerBefore.size())).contains(" " + rejected + " sha256="
                + DeliveryLedger.sha256(server.received().get(0).rawBody()) + " bytes="
                + server.received().get(0).rawBody().length + " outcome=REQUEUED attempt=1");

        Result again = run("requeue");
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEqualTo("0 rejected report(s) requeued\n");
        assertThat(ledger()).as("nothing to requeue, nothing recorded").hasSize(ledgerBefore.size() + 1);

        assertThat(run("send").code()).as("the new report delivered").isZero();
        assertThat(server.received()).hasSize(3);
        assertThat(server.received().get(2).header("Idempotency-Key")).as("then the requeued one").isEqualTo(rejected);
        assertThat(store().entries()).isEmpty();
    }

    /** A URL without the collector's path (https://host:port) is answered 404: the line names the setting to fix. */
    @Test
    void aReportAnsweredNotFoundNamesTheEndpointsPath() throws Exception {
        config("");
        server.reply(Reply.status(404, "no such path"));

        Result send = run("send");

        assertThat(send.code()).as("rejected").isEqualTo(4);
        // the test's product database holds none of the queries' tables: the report is partial, and says so
        assertThat(send.out()).endsWith("not delivered (HTTP 404); stored as rejected (check the path of"
                + " ceip.endpoint.url: a ceip collector takes POST /v1/reports; then requeue)"
                + " (partial: 6 failures: query:hosts undefined-object, query:services undefined-object,"
                + " query:host-groups undefined-object and 3 more; see the log)\n");
    }

    /**
     * A report the collector will never take (what it holds is refused: a product name its token is not for) is not
     * kept for ever: {@code requeue --discard} deletes the rejected reports, each in the ledger, and leaves the others.
     */
    @Test
    void discardDeletesOnlyTheRejectedReportsEachInTheLedger() throws Exception {
        config("");
        server.reply(Reply.status(401, "token not valid for this product"));
        for (int i = 0; i < 20; i++) {
            server.reply(Reply.status(503));
        }
        Result send = run("send");
        assertThat(send.code()).as("rejected").isEqualTo(4);
        assertThat(send.out()).endsWith("not delivered (HTTP 401); stored as rejected (check ceip.endpoint.token and"
                + " ceip.product.name; then requeue, or requeue --discard)"
                + " (partial: 6 failures: query:hosts undefined-object, query:services undefined-object,"
                + " query:host-groups undefined-object and 3 more; see the log)\n");
        String rejected = server.received().get(0).header("Idempotency-Key");
        assertThat(run("send").code()).as("kept for retry").isEqualTo(3);
        List<String> ledgerBefore = ledger();

        Result discard = run("requeue", "--discard");

        assertThat(discard.code()).isZero();
        assertThat(discard.out()).isEqualTo("1 rejected report(s) deleted unsent\n");
        assertThat(store().read(rejected)).isEmpty();
        assertThat(store().entries()).singleElement().extracting(DeadLetter::state).isEqualTo(DeadLetter.PENDING);
        assertThat(ledger()).hasSize(ledgerBefore.size() + 1);
        assertThat(ledger().get(ledgerBefore.size())).contains(" " + rejected + " sha256="
                + DeliveryLedger.sha256(server.received().get(0).rawBody()) + " bytes="
                + server.received().get(0).rawBody().length + " outcome=DISCARDED attempt=1");
        assertThat(run("requeue", "--discard").out()).isEqualTo("0 rejected report(s) deleted unsent\n");
    }

    /**
     * A discard that cannot delete the rejected report (its metadata append-only as root, its store read-only
     * otherwise: {@link Undeletable}) says so and exits 1: it exited 0, as if the report were gone, while it stayed.
     */
    @Test
    void aDiscardThatLeavesAReportExitsOne() throws Exception {
        config("");
        server.reply(Reply.status(401, "token not valid for this product"));
        assertThat(run("send").code()).as("rejected").isEqualTo(4);
        String rejected = server.received().get(0).header("Idempotency-Key");
        Path stuck = OwnerOnlyFiles.currentUid() == 0 ? dir.resolve("data/dead-letter/" + rejected + ".meta.json")
                : dir.resolve("data/dead-letter");
        Undeletable.set(stuck, true);
        Result discard;
        try {
            discard = run("requeue", "--discard");
        } finally {
            Undeletable.set(stuck, false);
        }

        assertThat(discard.code()).isEqualTo(1);
        assertThat(discard.out()).startsWith("0 rejected report(s) deleted unsent; 1 could not be deleted and stay"
                + " kept (");
        assertThat(store().read(rejected).map(DeadLetter::state)).contains(DeadLetter.REJECTED);
    }

    /**
     * {@code --customer} acts on the copies the customer's own endpoint refused, in its own store and ledger, and
     * leaves the vendor's rejected reports alone (review s17 L2: there was no way to requeue them).
     */
    @Test
    void customerRequeuesTheCustomersRefusedCopiesOnly() throws Exception {
        config("");
        Path customer = dir.resolve("data/destinations/customer");
        String copy = rejectedIn(new DeadLetterStore(customer.resolve("dead-letter"), ObjectMapper::new,
                Clock.systemUTC()));
        String vendors = rejectedIn(store());

        Result requeue = run("requeue", "--customer");

        assertThat(requeue.code()).isZero();
        assertThat(requeue.out()).isEqualTo("1 rejected report(s) requeued\n");
        assertThat(new DeadLetterStore(customer.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC())
                .read(copy).map(DeadLetter::state)).contains(DeadLetter.PENDING);
        assertThat(Files.readAllLines(customer.resolve("ledger.log"))).singleElement().asString()
                .contains(" " + copy + " ").contains("outcome=REQUEUED").endsWith("destination=customer");
        assertThat(store().read(vendors).map(DeadLetter::state)).contains(DeadLetter.REJECTED);
        assertThat(dir.resolve("data/ledger.log")).doesNotExist();
        assertThat(run("requeue", "--customer", "--discard").out()).isEqualTo("0 rejected report(s) deleted unsent\n");
    }

    private static String rejectedIn(DeadLetterStore store) {
        String id = UUID.randomUUID().toString();
        store.savePending(id, io.ceip.agent.support.StoredBodies.of(id));
        store.reject(id, "HTTP 401", 1, "unknown token");
        return id;
    }

    /**
     * The store's directory a symbolic link: the agent's start refuses it, but requeue (no start) read and rewrote the
     * entries wherever it pointed. Now it is one line naming the setting, exit code 1, and nothing there is changed.
     */
    @Test
    void aStoreDirectoryThatIsALinkIsOneLineAndNothingThereChanges() throws Exception {
        config("");
        server.reply(Reply.status(401, "unknown token"));
        assertThat(run("send").code()).as("rejected").isEqualTo(4);
        String rejected = server.received().get(0).header("Idempotency-Key");
        Path store = dir.resolve("data/dead-letter");
        Path elsewhere = Files.move(store, dir.resolve("elsewhere"));
        Files.createSymbolicLink(store, elsewhere);
        byte[] meta = Files.readAllBytes(elsewhere.resolve(rejected + ".meta.json"));
        List<String> ledgerBefore = ledger();

        Result requeue = run("requeue");

        assertThat(requeue.code()).isEqualTo(1);
        assertThat(requeue.out()).isEmpty();
        assertThat(requeue.err().lines()).containsExactly("ceip-agent: ceip.dead-letter.directory " + store
                + " is a symbolic link, not a directory: the agent keeps its reports in a directory of its own and"
                + " follows no link there (move it away, or point ceip.dead-letter.directory at a real directory)");
        assertThat(Files.readAllBytes(elsewhere.resolve(rejected + ".meta.json"))).isEqualTo(meta);
        assertThat(ledger()).isEqualTo(ledgerBefore);
    }

    @Test
    void withoutADataDirectoryItRequeuesNothingAndCreatesNothing() throws Exception {
        config("");

        Result requeue = run("requeue");

        assertThat(requeue.code()).isZero();
        assertThat(requeue.out()).isEqualTo("0 rejected report(s) requeued\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aWrongArgumentOrABadSettingIsOneLine() throws Exception {
        config("");
        Result extra = run("requeue", "all");
        assertThat(extra.code()).isEqualTo(2);
        assertThat(extra.err().lines()).containsExactly("ceip-agent: Unmatched argument at index 1: 'all' (see --help)");

        Path config = config("ceip.dead-letter.max-entries=0");
        Result bad = run("requeue");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().lines()).singleElement().asString().startsWith("ceip-agent: " + config + ":")
                .contains("ceip.dead-letter.max-entries '0'");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void helpNamesTheCommand() {
        Result help = run("--help");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("  requeue ").contains("rejected");
    }

    private DeadLetterStore store() {
        return new DeadLetterStore(dir.resolve("data/dead-letter"), ObjectMapper::new, Clock.systemUTC());
    }

    private List<String> ledger() throws Exception {
        return Files.readAllLines(dir.resolve("data/ledger.log"));
    }

    /** A configuration file: the real HTTPS server as the endpoint, the demo data in memory, and {@code setting}. */
    private Path config(String setting) throws Exception {
        Path trust = certificates.writePem(dir.resolve("collector.pem"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), setting,
                "ceip.database.url=jdbc:h2:mem:requeue-" + UUID.randomUUID(), "ceip.database.demo-data=true",
                "ceip.collector.enabled=false", "ceip.endpoint.url=" + server.url(),
                "ceip.endpoint.trust-store=" + trust, "ceip.retry.initial-delay=10", ""));
        System.setProperty("ceip.config", config.toString());
        return config;
    }
}
