package io.ceip.agent.outbox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.ceip.agent.support.LogCapture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sent/} holds at most {@code ceip.ledger.keep-sent} copies while the running agent and a {@code send} beside
 * it both keep copies there: each process knew only the copies it had listed once and written since, so the other's
 * were never pruned (two writers taking turns with keep 3 held 4 copies after the fourth report; two processes
 * writing 40 each left 4). Both now keep and prune under one lock ({@code sent.lock}, beside the directory), and one lists the directory again whenever the other
 * wrote since its own last change.
 */
class SentReportsBoundHeldByTwoProcessesTest {

    private static final int KEEP = 3;

    @TempDir
    Path dir;

    /** Two writers in one JVM, one after the other: each sees what the other kept and pruned. */
    @Test
    void twoWritersTakingTurnsHoldTheBound() throws Exception {
        Path directory = dir.resolve("sent");
        SentReports agent = new SentReports(directory, KEEP, Clock.systemUTC());
        SentReports send = new SentReports(directory, KEEP, Clock.systemUTC());
        String last = null;
        for (int i = 0; i < 10; i++) {
            last = UUID.randomUUID().toString();
            (i % 2 == 0 ? agent : send).keeper(last, ("body " + i).getBytes(StandardCharsets.UTF_8)).accept(null);
            assertThat(agent.copies()).as("after report %d", i).hasSizeLessThanOrEqualTo(KEEP);
        }
        assertThat(agent.copies()).hasSize(KEEP);
        assertThat(agent.copies().get(KEEP - 1).getFileName().toString()).as("%s", agent.copies())
                .endsWith("Z-" + last + ".json.gz");
    }

    /** A directory planted where the lock file goes: one WARN line, and the directory is listed at each delivery. */
    @Test
    void aLockFileThatCannotBeOpenedIsOneLineAndTheBoundStillHolds() throws Exception {
        Path directory = dir.resolve("sent");
        Files.createDirectories(dir.resolve("sent" + SentLock.SUFFIX));
        SentReports agent = new SentReports(directory, KEEP, Clock.systemUTC());
        SentReports send = new SentReports(directory, KEEP, Clock.systemUTC());
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 8; i++) {
                (i % 2 == 0 ? agent : send).keeper(UUID.randomUUID().toString(), new byte[] { (byte) i }).accept(null);
                assertThat(agent.copies()).as("after report %d", i).hasSizeLessThanOrEqualTo(KEEP);
            }
            assertThat(log.shown().lines().filter(line -> line.contains("lock file"))).as("one line a process")
                    .hasSize(2).allSatisfy(line -> assertThat(line).contains(directory + ".lock",
                            "cannot be opened", "listed at each delivery"));
        }
        assertThat(dir.resolve("sent" + SentLock.SUFFIX)).isDirectory();
    }

    /** Two processes (the agent and a {@code send} beside it) writing at once: the bound holds once both are done. */
    @Test
    void twoProcessesWritingAtOnceHoldTheBound() throws Exception {
        Path directory = dir.resolve("sent");
        Path go = dir.resolve("go");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SentReportsWriter.class.getName(), directory.toString(),
                Integer.toString(KEEP), "200", go.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        SentReports agent = new SentReports(directory, KEEP, Clock.systemUTC());
        Files.createFile(go);
        for (int i = 0; i < 200; i++) {
            agent.keeper(UUID.randomUUID().toString(), ("parent " + i).getBytes(StandardCharsets.UTF_8)).accept(null);
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.readLine()).isEqualTo("done");
        assertThat(child.exitValue()).isZero();

        assertThat(agent.copies()).as("what both kept, the last %d", KEEP).hasSize(KEEP);
        agent.keeper(UUID.randomUUID().toString(), "one more".getBytes(StandardCharsets.UTF_8)).accept(null);
        assertThat(agent.copies()).hasSize(KEEP);
    }
}
