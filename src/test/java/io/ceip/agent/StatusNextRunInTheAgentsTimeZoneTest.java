package io.ceip.agent;

import io.ceip.agent.schedule.ScheduleOffset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status} computed the next run in its own JVM's time zone (the shell's {@code TZ}), which may not be the
 * running agent's, in whose zone Quartz computes the cron: the next run shown was hours off. Now the agent records its
 * zone at start (data/schedule-time-zone) and status computes in it, printing the offset and zone; without a usable
 * record it says it used its own.
 */
class StatusNextRunInTheAgentsTimeZoneTest {

    private static final ZoneId AGENT = ZoneId.of("Asia/Kolkata");
    private static final ZoneId SHELL = ZoneId.of("America/New_York");

    @TempDir
    Path dir;
    private final TimeZone before = TimeZone.getDefault();
    private UUID installation = UUID.randomUUID();

    @BeforeEach
    void shellOfAnotherZone() throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone(SHELL));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.schedule.cron=0 30 2 * * ?",
                "ceip.database.url=jdbc:h2:mem:one-shot-" + UUID.randomUUID(), "ceip.collector.enabled=false", ""));
        System.setProperty("ceip.config", config.toString());
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/installation-id"), installation.toString());
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(before);
        System.clearProperty("ceip.config");
    }

    @Test
    void theNextRunIsTheAgentsWithItsOffsetAndZone() throws Exception {
        Files.writeString(dir.resolve("data/schedule-time-zone"), AGENT.getId() + "\n");
        List<Path> files = listing();
        Instant now = Instant.now();

        String schedule = schedule();

        assertThat(schedule).endsWith("; next run " + next(AGENT, now) + " (the agent's time zone, recorded at its"
                + " last start)").contains("+05:30[Asia/Kolkata]");
        assertThat(next(AGENT, now).toInstant()).as("not the shell's").isNotEqualTo(next(SHELL, now).toInstant());
        assertThat(listing()).as("status writes nothing").isEqualTo(files);
    }

    @Test
    void noZoneRecordedYetIsSaidAndTheShellsIsUsed() throws Exception {
        Instant now = Instant.now();
        assertThat(schedule()).endsWith("; next run " + next(SHELL, now) + " (the agent's time zone is not recorded"
                + " yet (" + dir.resolve("data/schedule-time-zone").toAbsolutePath() + ", written at its start);"
                + " computed in this JVM's time zone America/New_York instead)");
    }

    @Test
    void aRecordOfNoZoneOrNoFileIsSaidWithoutItsTextAndTheShellsIsUsed() throws Exception {
        Path record = dir.resolve("data/schedule-time-zone");
        for (String hostile : List.of("Mars/Olympus_Mons", "Asia/Kolkata" + "x".repeat(5000), "+99:00")) {
            Files.writeString(record, hostile);
            Instant now = Instant.now();
            assertThat(schedule()).as(hostile.substring(0, Math.min(12, hostile.length()))).endsWith("; next run " + next(SHELL, now) + " ("
                    + record.toAbsolutePath() + " holds no usable time zone ID; computed in this JVM's time zone"
                    + " America/New_York instead)").doesNotContain("Mars", "xxx");
        }
        Files.delete(record);
        Files.createDirectory(record);
        assertThat(schedule()).contains("holds no usable time zone ID");
    }

    private String schedule() {
        CommandLineRun.Result result = run("status");
        assertThat(result.code()).isZero();
        return result.out().lines().filter(line -> line.startsWith("schedule:")).findFirst().orElseThrow();
    }

    private java.time.ZonedDateTime next(ZoneId zone, Instant now) throws Exception {
        CronExpression cron = new CronExpression(ScheduleOffset.apply("0 30 2 * * ?", installation));
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        return cron.getNextValidTimeAfter(Date.from(now)).toInstant().atZone(zone);
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }
}
