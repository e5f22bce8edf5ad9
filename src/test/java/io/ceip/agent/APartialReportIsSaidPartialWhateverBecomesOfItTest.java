package io.ceip.agent;

import io.ceip.agent.config.Settings;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.ops.StatusReport;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partial report (the product database's {@code host} table dropped: the usage query {@code hosts} fails, and the
 * report's own {@code failures} say {@code query:hosts undefined-object}) was said partial only when it was delivered:
 * stored for retry, rejected or deleted unsent, {@code send} and {@code sendNow} said nothing of it, nor did its ledger
 * lines (what was sent), nor {@code status}. Now every answer for it says it in the one wording, each of its ledger
 * lines (a replay's too, read from the body sent) has {@code partial=<count>:<source>/<reason>} before its destination,
 * and {@code status} (its last delivery and attempt) and JMX {@code LastAttemptPartial} say it. A whole report's
 * ledger line is as it always was.
 */
class APartialReportIsSaidPartialWhateverBecomesOfItTest extends AgentTestSupport {

    private static final String SAID = " (partial: 1 failure: query:hosts undefined-object; see the log)";
    private static final String FIELD = " partial=1:query:hosts/undefined-object destination=vendor";

    @Test
    void aPartialReportStoredForRetryIsSaidPartialAndSoAreItsLedgerLines() throws Exception {
        database().execute("DROP TABLE host");
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));

        CommandRun run = sendCommand();

        String reportId = server().received().get(0).header("Idempotency-Key");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEqualTo("Report " + reportId + " not delivered (HTTP 503); stored for retry" + SAID
                + System.lineSeparator());
        assertThat(ledgerLines()).hasSize(4).allSatisfy(line -> assertThat(line).contains(" " + reportId + " ",
                " outcome=HTTP_503 ").endsWith(FIELD));
        assertThat(DeliveryLedger.read(ledger())).extracting(entry -> entry.partial().said())
                .containsOnly(SAID);
        assertThat(management().getLastAttemptPartial()).isEqualTo(SAID.trim());
        assertThat(status()).contains("last attempt:", "report " + reportId + " HTTP 503 (attempt 4,")
                .contains("bytes)" + SAID);
    }

    @Test
    void aPartialReportTheEndpointRejectsIsSaidPartial() throws Exception {
        database().execute("DROP TABLE host");
        server().reply(Reply.status(400, "no"));

        CommandRun run = sendCommand();

        String reportId = server().received().get(0).header("Idempotency-Key");
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).isEqualTo("Report " + reportId + " not delivered (HTTP 400); stored as rejected" + SAID
                + System.lineSeparator());
        assertThat(ledgerLines()).singleElement().satisfies(line -> assertThat(line)
                .contains(" outcome=HTTP_400 attempt=1 partial=").endsWith(FIELD));
    }

    /** A kept partial report replayed later (no collection then): its lines say partial, read from the body sent. */
    @Test
    void aKeptPartialReportReplayedAndDeliveredIsSaidPartialInTheLedgerAndStatus() throws Exception {
        database().execute("DROP TABLE host");
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        assertThat(management().sendNow()).endsWith("; stored for retry" + SAID);
        database().execute("CREATE TABLE host (id INT)");

        assertThat(replayDeadLetters()).isEqualTo(1);

        String reportId = server().received().get(4).header("Idempotency-Key");
        assertThat(ledgerLines()).last().satisfies(line -> assertThat(line).contains(" " + reportId + " ")
                .contains(" outcome=HTTP_202 attempt=5 partial=").endsWith(FIELD));
        assertThat(status()).contains("last delivery:", "report " + reportId + " HTTP 202 (attempt 5,")
                .contains("bytes)" + SAID);
        assertThat(management().getLastAttemptPartial()).isEqualTo(SAID.trim());

        assertThat(management().sendNow()).as("a whole report now").endsWith(" delivered");
        assertThat(ledgerLines()).last().asString().doesNotContain("partial")
                .matches("\\S+ \\S+ sha256=[0-9a-f]{64} bytes=\\d+ outcome=HTTP_202 attempt=1 destination=vendor");
        assertThat(management().getLastAttemptPartial()).isEmpty();
        assertThat(status()).doesNotContain("partial");
    }

    /** More than three failures: the ledger names the first three, in the report's order, and counts the rest. */
    @Test
    void aLedgerLineNamesThreeFailuresAndCountsTheRest() throws Exception {
        database().execute("DROP TABLE host", "DROP TABLE service", "DROP TABLE host_group", "DROP TABLE service_group");
        server().reply(Reply.status(400, "no"));

        assertThat(management().sendNow()).endsWith("; stored as rejected (partial: 4 failures: query:hosts"
                + " undefined-object, query:services undefined-object, query:host-groups undefined-object and 1 more;"
                + " see the log)");
        assertThat(ledgerLines()).singleElement().asString().endsWith(" partial=4:query:hosts/undefined-object,"
                + "query:services/undefined-object,query:host-groups/undefined-object,+1 destination=vendor");
        assertThat(DeliveryLedger.read(ledger())).singleElement().satisfies(entry -> {
            assertThat(entry.partial().count()).isEqualTo(4);
            assertThat(entry.destination()).isEqualTo("vendor");
            assertThat(entry.outcome()).isEqualTo("HTTP_400");
        });
    }

    private Path ledger() {
        return dataDirectory().resolve("ledger.log");
    }

    private List<String> ledgerLines() throws Exception {
        return Files.readAllLines(ledger());
    }

    private String status() {
        return new StatusReport(new Settings(key -> context.getPropertiesComponent().resolveProperty(key)),
                Optional.empty(), Path.of("config/application.properties"), Clock.systemUTC()).render();
    }
}
