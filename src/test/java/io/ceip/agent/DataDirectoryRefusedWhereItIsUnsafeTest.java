package io.ceip.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --data /} (or {@code /etc}, {@code /tmp}, …) was taken as the data directory: the agent would write its
 * files there and its start would take group and other permissions away from what it holds. The file system's root,
 * however spelled, a system directory itself, and a directory of another user holding another program's files are one
 * line naming {@code ceip.data.directory} (set by {@code --data}) and why, for every command; nothing is written nor
 * changed. A directory of the agent's own under them (the README's {@code /var/lib/ceip-agent}) still starts.
 */
class DataDirectoryRefusedWhereItIsUnsafeTest {

    private static final String POINT = ": point ceip.data.directory (--data, CEIP_DATA_DIRECTORY) at a directory of"
            + " the agent's own, such as /var/lib/ceip-agent";

    @TempDir
    Path dir;

    /** As the launcher runs it: {@code --data /} is {@code CEIP_DATA_DIRECTORY=/} for Java; {@code status} only reads. */
    @Test
    void theRootIsRefusedByACommandInOneLine() throws Exception {
        Process process = CommandLineRun.process(dir, Map.of("CEIP_DATA_DIRECTORY", "/"), "status")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output.lines().filter(line -> line.contains("ceip.data.directory"))).as(output)
                .containsExactly("ceip-agent: ceip.data.directory / is the file system's root" + POINT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/", "//", "/.", "/tmp/..", "/etc", "/usr", "/var", "/tmp", "/home", "/var/lib",
            "/usr/local" })
    void theRootOrASystemDirectoryStopsTheStart(String data) {
        Path real = Path.of(data).normalize();
        assertStartStopsSaying(agent(data), "ceip.data.directory " + Path.of(data) + " is "
                + (real.getParent() == null ? "the file system's root" : "a system directory (" + real + ")")
                + POINT);
    }

    @Test
    void aLinkToTheRootIsTheRoot() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("data"), Path.of("/"));
        assertStartStopsSaying(agent(link.toString()), "ceip.data.directory " + link
                + " is the file system's root" + POINT);
    }

    /** As root, another user's home: it would hold the agent's files; its own are left, but the place is not its. */
    @Test
    void aDirectoryOfAnotherUserHoldingItsFilesStopsTheStart() throws Exception {
        Path home = Files.createDirectory(dir.resolve("alice"));
        Path profile = Files.writeString(home.resolve(".profile"), "PATH=$PATH\n");
        Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(home, "unix:uid", 65534);

        assertStartStopsSaying(agent(home.toString()), "ceip.data.directory " + home + " belongs to user 65534, not"
                + " to the agent's user (0), and holds another program's files (1 entry: '.profile')" + POINT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profile))).isEqualTo("rw-r--r--");
        assertThat(home.resolve("dead-letter")).doesNotExist();
    }

    /**
     * As root (the tests run as root, as support.Undeletable's do: a chown needs it), another user's directory that is
     * empty (a volume mounted for the agent) or holds only the agent's files starts.
     */
    @Test
    void aDirectoryOfAnotherUserWithNothingElseInItStarts() throws Exception {
        Path volume = Files.createDirectory(dir.resolve("volume"));
        Files.createDirectory(volume.resolve("lost+found"));
        Files.writeString(volume.resolve("installation-id"), "8c6a764f-8a04-4564-90f3-8b8fb1524efe\n");
        Files.setAttribute(volume, "unix:uid", 65534);
        startsAndStops(volume);
    }

    @Test
    void aDirectoryOfItsOwnUnderASystemDirectoryStarts() throws Exception {
        startsAndStops(Files.createDirectories(dir.resolve("var/lib/ceip-agent")));
        startsAndStops(dir.resolve("not-yet-there"));
    }

    private void startsAndStops(Path data) throws Exception {
        Main main = agent(data.toString());
        main.start();
        try {
            assertThat(main.getCamelContext().isStarted()).isTrue();
        } finally {
            main.stop();
        }
    }

    /** The agent with {@code data} on an in-memory database, nothing scheduled, no collector. */
    private static Main agent(String data) {
        return AgentCommand.newMain(Map.of("ceip.data.directory", data,
                "ceip.database.url", "jdbc:h2:mem:data-" + System.nanoTime(), "ceip.collector.enabled", "false",
                "ceip.schedule.enabled", "false", "ceip.dead-letter.replay-enabled", "false"));
    }
}
