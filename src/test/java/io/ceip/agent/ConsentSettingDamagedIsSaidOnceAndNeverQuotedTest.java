package io.ceip.agent;

import io.ceip.agent.ops.SendAnswer;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Review s21 events M5: a {@code .pgpass} line pasted into {@code data/consent} while the agent runs gave a stack trace
 * at every spool poll and every report, each quoting the line. Now the spool's polls read nothing and delete nothing
 * with one WARN line however many polls, a report cycle sends nothing with one line of its own (no stack trace, no
 * outcome: sendNow answers that consent cannot be decided and why), and no line ever holds what the file holds. Its
 * JMX attributes say the same rather than throw the server's stack trace at the client (review s22 ops, low).
 */
class ConsentSettingDamagedIsSaidOnceAndNeverQuotedTest extends AgentTestSupport {

    private static final String SECRET = "S3cr3tPassw0rd";
    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", "200",
                "ceip.events.catalog-file", "config/events.yaml");
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private long lines(String text) {
        return log.all().lines().filter(line -> line.contains(text)).count();
    }

    @Test
    void aDamagedConsentFileSendsNothingReadsNothingAndIsSaidOnce() throws Exception {
        Path consent = dataDirectory().resolve("consent");
        Files.writeString(consent, "pghost:5432:product:ceip:" + SECRET + "\n");
        Path spool = Files.createDirectories(dataDirectory().resolve("events"));
        Path waiting = Files.writeString(spool.resolve("a.jsonl"), "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        String what = consent + ": its first word is not off, basic or full";

        await().atMost(Duration.ofSeconds(20)).until(() -> lines("EventSpoolPoll " + what) >= 4); // DEBUG, each poll
        SendAnswer answer = SendAnswer.of(runReportCycle());

        assertThat(answer.line()).isEqualTo("Nothing sent: consent cannot be decided (" + what + "); kept reports stay"
                + " kept");
        assertThat(management().getConsentLevel()).isEqualTo("undecided");
        assertThat(management().getConsentSource()).isEqualTo("cannot be decided: " + what);
        assertThat(answer.exitCode()).isEqualTo(6);
        assertThat(server().received()).isEmpty();
        assertThat(waiting).as("nothing read, nothing deleted").exists();
        assertThat(log.shown().lines().filter(line -> line.contains("neither read nor emptied"))).hasSize(1);
        assertThat(log.shown().lines().filter(line -> line.contains("Consent cannot be decided"))).singleElement()
                .isEqualTo("io.ceip.agent.report Consent cannot be decided (" + what + "): nothing collected, nothing"
                        + " sent, nothing kept deleted");
        assertThat(log.shown()).as("no stack trace").doesNotContain(" | ").doesNotContain("Failed delivery");
        assertThat(log.all()).doesNotContain(SECRET).doesNotContain("pghost");

        Files.delete(consent);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(waiting));
        assertThat(log.all()).doesNotContain(SECRET);
    }
}
