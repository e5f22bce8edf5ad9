package io.ceip.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.ceip.agent.delivery.ConsentGate;
import io.ceip.agent.report.ReportSteps;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whether consent was withdrawn after a kept report was collected is told by the audit log's order (the withdrawal on
 * record at collection, kept in the report's metadata), never by the report's {@code generatedAt} against the
 * withdrawal's time, which a clock ahead or set back in between puts in the wrong order: a report collected before a
 * withdrawal stamped earlier than it is never sent; one collected after a withdrawal stamped later than it is sent;
 * one kept by an earlier version (no mark) is judged by its collection time, as that version judged it.
 */
class KeptReportsWithdrawnInTheAuditsOrderTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full");
    }

    /** Keeps one report (the collector answers 503), returns its ID. */
    private String keepOneReport() {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        assertThat(deadLetters().pending()).hasSize(1);
        return deadLetters().pending().get(0).reportId();
    }

    /** A withdrawal and consent given again, appended as another process whose clock said {@code at} would. */
    private void withdrawnAndGivenAgainAt(Instant at) throws Exception {
        Files.writeString(dataDirectory().resolve("consent-audit.log"), at + " full -> off source=runtime-setting\n"
                + at.plusSeconds(1) + " off -> full source=runtime-setting\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    private Instant generatedAt(String reportId) throws Exception {
        return Instant.parse(report(reportId).get("generatedAt").asText());
    }

    private ObjectNode report(String reportId) throws Exception {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(deadLetters().body(reportId)))) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void aReportCollectedBeforeAWithdrawalStampedEarlierThanItIsDeletedUnsent() throws Exception {
        String kept = keepOneReport();
        int received = server().received().size();
        // the report's time came from a clock an hour ahead; the withdrawal, made after it, from the corrected clock
        withdrawnAndGivenAgainAt(generatedAt(kept).minus(Duration.ofHours(1)));

        assertThat(management().replayDeadLetters())
                .isEqualTo("0 delivered, 1 deleted unsent (consent withdrawn), 0 still pending");
        assertThat(server().received()).as("the kept report never reached the collector").hasSize(received);
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log")))
                .contains("report " + kept + " deleted unsent: consent withdrawn at ");
    }

    @Test
    void aReportCollectedAfterAWithdrawalStampedLaterThanItIsSent() throws Exception {
        // a withdrawal on record before the collection; the report's time then came from a clock set back an hour
        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofMinutes(1)));
        String kept = keepOneReport();
        ObjectNode report = report(kept);
        report.put("generatedAt", generatedAt(kept).minus(Duration.ofHours(1)).toString());
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gzip)) {
            out.write(JSON.writeValueAsBytes(report));
        }
        deadLetters().replaceBody(kept, gzip.toByteArray());

        assertThat(management().replayDeadLetters()).isEqualTo("1 delivered, 0 still pending");
    }

    /**
     * A second withdrawal stamped earlier than the first (the clock set back in between) is still a later one in the
     * log's order: a report marked with the first is deleted unsent (before, the audit's last withdrawal stayed the
     * first's time, the report's mark matched it, and it was sent).
     */
    @Test
    void aReportCollectedBeforeASecondWithdrawalStampedEarlierThanTheFirstIsDeletedUnsent() throws Exception {
        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofMinutes(10)));
        String kept = keepOneReport();
        int received = server().received().size();
        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofMinutes(20)));

        assertThat(management().replayDeadLetters())
                .isEqualTo("0 delivered, 1 deleted unsent (consent withdrawn), 0 still pending");
        assertThat(server().received()).as("the kept report never reached the collector").hasSize(received);
        assertThat(deadLetters().read(kept)).isEmpty();
    }

    @Test
    void aReportKeptByAnEarlierVersionIsJudgedByItsCollectionTimeAsThatVersionJudgedIt() throws Exception {
        String sent = keptWithoutAMark();
        // a withdrawal a day before the report, consent given again since: that version sent it, so does this one
        withdrawnAndGivenAgainAt(generatedAt(sent).minus(Duration.ofDays(1)));
        int received = server().received().size();
        assertThat(management().replayDeadLetters()).isEqualTo("1 delivered, 0 still pending");
        assertThat(server().received()).hasSize(received + 1);

        String deleted = keptWithoutAMark();
        withdrawnAndGivenAgainAt(generatedAt(deleted).plus(Duration.ofMinutes(1)));
        received = server().received().size();
        assertThat(management().replayDeadLetters())
                .isEqualTo("0 delivered, 1 deleted unsent (consent withdrawn), 0 still pending");
        assertThat(server().received()).as("a withdrawal after its collection time").hasSize(received);
    }

    /**
     * A report kept without a mark, collected before a withdrawal, replayed right after a new report's 2xx (the replay
     * runs on copies of that cycle's exchange): it was judged by the new report's mark, which names the last
     * withdrawal, so it was sent; it is judged by its collection time, as by a replay on the timer, and deleted unsent.
     */
    @Test
    void aReportKeptWithoutAMarkReplayedAfterANewReportsDeliveryIsJudgedByItsOwnCollectionTime() throws Exception {
        String deleted = keptWithoutAMark();
        withdrawnAndGivenAgainAt(generatedAt(deleted).plus(Duration.ofMinutes(1)));
        int received = server().received().size();

        runReportCycle(); // the collector answers 2xx: the new report is delivered, then the store replayed

        assertThat(server().received()).as("the new report only, never the one collected before the withdrawal")
                .hasSize(received + 1);
        assertThat(server().received().get(received).json()).doesNotContain(deleted);
        assertThat(deadLetters().read(deleted)).isEmpty();
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log")))
                .contains("report " + deleted + " deleted unsent: consent withdrawn at ");
    }

    /**
     * The gate before a request, when the kept entry cannot be read at that moment (refused meanwhile, as here: its
     * metadata forged after a replay listed it; deleted; an I/O error): its mark is unknown, and the report's
     * generatedAt, later than a withdrawal made after its collection (the clock was an hour ahead), decided: the
     * request was made. Now the report is not sent (a local failure) and stays where it is.
     */
    @Test
    void aReportWhoseEntryCannotBeReadAtTheGateIsNotSentByItsCollectionTime() throws Exception {
        String kept = keepOneReport();
        byte[] body = deadLetters().body(kept);
        withdrawnAndGivenAgainAt(generatedAt(kept).minus(Duration.ofHours(1)));
        Path meta = dataDirectory().resolve("dead-letter").resolve(kept + ".meta.json");
        ObjectNode entry = (ObjectNode) JSON.readTree(meta.toFile());
        entry.put("withdrawalSeen", "later");
        Files.write(meta, JSON.writeValueAsBytes(entry));
        ConsentGate gate = context.getRegistry().lookupByNameAndType("consentGate", ConsentGate.class);
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ReportSteps.REPORT_ID, kept);
        exchange.getIn().setBody(body);

        assertThatThrownBy(() -> gate.check(kept, exchange)).isInstanceOf(IllegalStateException.class)
                .hasMessage("report " + kept + ": its kept entry cannot be read now, so whether consent was withdrawn"
                        + " after its collection is not known: not sent now");
        assertThat(dataDirectory().resolve("dead-letter").resolve(kept + ".json.gz")).exists();
    }

    /** Keeps one report and takes its mark out of its metadata, as an earlier version wrote them. */
    private String keptWithoutAMark() throws Exception {
        String kept = keepOneReport();
        Path meta = dataDirectory().resolve("dead-letter").resolve(kept + ".meta.json");
        ObjectNode entry = (ObjectNode) JSON.readTree(meta.toFile());
        assertThat(entry.remove("withdrawalSeen")).isNotNull();
        Files.write(meta, JSON.writeValueAsBytes(entry));
        assertThat(deadLetters().read(kept)).get().extracting(DeadLetter::withdrawalSeen).isNull();
        return kept;
    }
}
