package io.ceip.agent.outbox;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.support.AgentStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter store's directory is never followed through a link: with {@code data/dead-letter} a link to another
 * directory, the agent tightened that directory to 0700 and moved every file in it into its quarantine under new
 * names. Now the start stops with one line naming the setting, and what the link points to is left as it was.
 */
class DeadLetterDirectoryNotALinkTest {

    @TempDir
    Path dir;

    @Test
    void aLinkWhereTheStoreShouldBeStopsTheStartAndItsTargetIsUntouched() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path precious = Files.writeString(elsewhere.resolve("precious.conf"), "keep me\n");
        Files.setPosixFilePermissions(precious, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(data.resolve("dead-letter"), elsewhere);

        assertStartStopsSaying(AgentStarts.agent(data, null, Map.of()), "ceip.dead-letter.directory " + link
                + " is a symbolic link, not a directory: the agent keeps its reports in a directory of its own and"
                + " follows no link there (move it away, or point ceip.dead-letter.directory at a real directory)");

        try (var files = Files.list(elsewhere)) {
            assertThat(files).containsExactly(precious);
        }
        assertThat(Files.readString(precious)).isEqualTo("keep me\n");
        assertThat(Files.getPosixFilePermissions(precious)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.getPosixFilePermissions(elsewhere)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * A file or a fifo where the store's directory should be stops the start too: the agent started ready (health UP)
     * and kept every report in memory, the store never writable.
     */
    @Test
    void aFileOrFifoWhereTheStoreShouldBeStopsTheStart() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path file = Files.writeString(data.resolve("dead-letter"), "not a directory\n");

        assertStartStopsSaying(AgentStarts.agent(data, null, Map.of()), "ceip.dead-letter.directory " + file
                + " is a regular file, not a directory: the agent keeps its reports in a directory of its own and"
                + " follows no link there (move it away, or point ceip.dead-letter.directory at a real directory)");
        assertThat(Files.readString(file)).isEqualTo("not a directory\n");

        Files.delete(file);
        assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
        assertStartStopsSaying(AgentStarts.agent(data, null, Map.of()), "ceip.dead-letter.directory " + file
                + " is a fifo, socket or device, not a directory: the agent keeps its reports in a directory of its"
                + " own and follows no link there (move it away, or point ceip.dead-letter.directory at a real"
                + " directory)");
    }

    /**
     * A ledger that is not a regular file stopped the start saying what it is; it no longer stops it (review s20 M2:
     * the pending reports were never replayed): it is moved aside, with what it holds.
     */
    @Test
    void aLedgerThatIsNotAFileIsMovedAsideAndTheAgentStarts() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("ledger.log").resolve("inside"));
        org.apache.camel.main.Main main = AgentStarts.agent(data, null, Map.of());
        try {
            main.start();
            assertThat(main.getCamelContext().getStatus().isStarted()).isTrue();
        } finally {
            main.stop();
        }
        assertThat(data.resolve("ledger.log")).doesNotExist();
        try (var names = Files.list(data)) {
            assertThat(names.filter(p -> p.getFileName().toString().startsWith("ledger.log.refused-")).toList())
                    .singleElement().satisfies(aside -> assertThat(aside.resolve("inside")).isDirectory());
        }
    }
}
