package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s31: the dead-letter store's check at start listed its whole directory, and a set of the report IDs in it,
 * before it handled a name: 1,000,000 names planted there ran the launcher's heap ({@code -Xmx128m}) out after 848,905
 * of them were moved. The check now reads the directory as a stream. Here 150,000 planted names, checked in a JVM of
 * 16 MiB of heap: all set aside, and the quarantine held within the store's bound (before: {@code OutOfMemoryError}
 * with nothing moved, in 3 s).
 */
class DeadLetterRecoveryOfManyPlantedNamesIT {

    private static final int PLANTED = 150_000;
    private static final int MAX_ENTRIES = 1000;

    @Test
    void aHundredAndFiftyThousandPlantedNamesAreSetAsideInASmallHeap(@TempDir Path data) throws Exception {
        Path store = Files.createDirectory(data.resolve("dead-letter"));
        for (int i = 0; i < PLANTED; i++) {
            Files.createFile(store.resolve("planted-" + i));
        }
        Process check = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), Recover.class.getName(), store.toString()))
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(check.exitValue()).as(out.lines().filter(line -> !line.contains("WARN")).toList().toString())
                .isZero();
        assertThat(out).contains("set aside: " + PLANTED).doesNotContain("OutOfMemoryError");
        try (Stream<Path> left = Files.list(store)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly(DeadLetterFiles.QUARANTINE);
        }
        try (Stream<Path> quarantined = Files.list(store.resolve(DeadLetterFiles.QUARANTINE))) {
            assertThat(quarantined.count()).isEqualTo(2L * MAX_ENTRIES);
        }
    }

    /** The store's check at start, alone, in the JVM the test starts. */
    public static final class Recover {

        private Recover() {
        }

        public static void main(String[] args) {
            ObjectMapper mapper = new ObjectMapper();
            int found = new DeadLetterStore(Path.of(args[0]), () -> mapper, Clock.systemUTC(), MAX_ENTRIES,
                    Long.MAX_VALUE).recover();
            System.out.println("set aside: " + found);
        }
    }
}
