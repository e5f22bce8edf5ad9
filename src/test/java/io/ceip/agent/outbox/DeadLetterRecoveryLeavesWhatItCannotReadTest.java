package io.ceip.agent.outbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.outbox.RecoveryWithoutFileDescriptors.FIRST;
import static io.ceip.agent.outbox.RecoveryWithoutFileDescriptors.SECOND;
import static io.ceip.agent.outbox.RecoveryWithoutFileDescriptors.THIRD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A good entry that cannot be read at that moment is not a bad one: when the kernel refuses to open its files
 * ({@code EMFILE}, "Too many open files", a real limit on a real process: {@link RecoveryWithoutFileDescriptors} run
 * under {@code prlimit --nofile=256}, no mock), the start's check leaves it where it is, with one WARN line saying
 * so, and neither quarantines it nor refuses it; the agent's next read of it (the next replay) sends it. The same
 * while the agent runs: a read that fails skips the entry that once, without refusing it for good.
 */
class DeadLetterRecoveryLeavesWhatItCannotReadTest {

    @TempDir
    Path dir;

    @TempDir
    Path warmUp;

    @Test
    void anEntryThatCannotBeOpenedNowStaysAndIsReadLater() throws Exception {
        List<String> out = run();

        assertThat(value(out, "taken")).as("the limit was reached for real").isNotEqualTo("0");
        assertThat(value(out, "quarantine")).as("nothing good set aside").isEqualTo("[]");
        assertThat(value(out, "quarantined")).isEqualTo("0");
        assertThat(value(out, "refused")).isEqualTo("[]");
        assertThat(value(out, "adopted")).as("a body read in full is adopted; one not read is not").isEqualTo(
                "[" + FIRST + "]");
        assertThat(value(out, "files")).isEqualTo("[" + String.join(", ", FIRST + ".json.gz",
                SECOND + ".json.gz", SECOND + ".meta.json", THIRD + ".json.gz") + "]");
        assertThat(out.stream().filter(line -> line.contains("WARN"))).as("one line for each entry left, naming it")
                .satisfiesExactlyInAnyOrder(
                        line -> assertThat(line).contains("entry " + SECOND, "cannot be read now",
                                "Too many open files", "stays"),
                        line -> assertThat(line).contains("entry " + THIRD, "cannot be read now",
                                "Too many open files", "stays"),
                        line -> assertThat(line).contains("entry " + SECOND, "cannot be read now", "replay"),
                        line -> assertThat(line).contains("'garbage' quarantined"), // the warm-up's
                        line -> assertThat(line).contains("report " + FIRST, "no metadata"), // the warm-up's
                        line -> assertThat(line).contains("report " + FIRST, "no metadata"));
        assertThat(value(out, "readWithoutDescriptors")).isEqualTo("false");
        assertThat(value(out, "readAfter")).as("read, and so sent, at the next replay").isEqualTo(SECOND);
        assertThat(Integer.parseInt(value(out, "bodyAfter"))).isPositive();
        assertThat(value(out, "storeQuarantined")).isEqualTo("0");
    }

    private List<String> run() throws Exception {
        Process process = new ProcessBuilder("prlimit", "--nofile=256:256", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), RecoveryWithoutFileDescriptors.class.getName(),
                dir.toString(), warmUp.toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    private static String value(List<String> out, String key) {
        return out.stream().filter(line -> line.startsWith(key + "=")).map(line -> line.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in " + out));
    }
}
