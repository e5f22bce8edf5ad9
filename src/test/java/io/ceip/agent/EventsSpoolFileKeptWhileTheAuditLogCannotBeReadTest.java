package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Review s21 events H2: a spool file whose reading fails (here the consent audit log, which the withdrawal checks
 * read, is a directory: it cannot be read) was a busy loop of the greedy poll, an ERROR with a stack trace hundreds of
 * times a second. Now the poll, which audits the consent it sees before it reads (review s21 events M2), finds the
 * audit log unreadable first: it reads and empties nothing, tries again once a poll interval, tells the product off
 * meanwhile, one WARN line names the audit log, no stack trace is shown, and once the log can be read the file is read
 * and deleted.
 */
class EventsSpoolFileKeptWhileTheAuditLogCannotBeReadTest extends AgentTestSupport {

    private static final long POLL_MILLIS = 300;
    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", Long.toString(POLL_MILLIS),
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
    void theFileWaitsItsPollIntervalWithOneWarningUntilTheLogCanBeRead() throws Exception {
        Path spool = Files.createDirectories(dataDirectory().resolve("events"));
        Path audit = dataDirectory().resolve("consent-audit.log");
        Files.deleteIfExists(audit);
        Files.createDirectory(audit); // what a rotation into a file the agent cannot open does to its reads
        Path temp = Files.writeString(spool.resolve(".e.tmp"), "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        long handed = System.nanoTime();
        Path file = Files.move(temp, spool.resolve("e.jsonl"), StandardCopyOption.ATOMIC_MOVE);

        String attempt = "io.ceip.agent.events.EventSpoolPoll cannot read the consent audit log " + audit;
        await().atMost(Duration.ofSeconds(20)).until(() -> lines(attempt) >= 4);
        Duration fourAttempts = Duration.ofNanos(System.nanoTime() - handed);

        assertThat(fourAttempts).as("one attempt a poll interval, not a busy loop")
                .isGreaterThanOrEqualTo(Duration.ofMillis(3 * POLL_MILLIS));
        assertThat(file).as("kept").exists();
        assertThat(dataDirectory().resolve("consent-level")).as("the product records nothing meanwhile").content()
                .isEqualTo("off\n");
        assertThat(log.shown().lines().filter(line -> line.contains("neither read nor emptied"))).singleElement()
                .isEqualTo("io.ceip.agent.events.EventSpoolPoll Events: the spool is neither read nor emptied now:"
                        + " cannot read the consent audit log " + audit + " (FileSystemException)");
        assertThat(log.shown()).as("no stack trace, no ERROR of Camel's").doesNotContain(" | ")
                .doesNotContain("Failed delivery");

        Files.delete(audit);

        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file));
        assertThat(log.shown()).contains("Events: the spool's polls are back to normal");
        assertThat(lines("neither read nor emptied")).isEqualTo(1);
    }
}
