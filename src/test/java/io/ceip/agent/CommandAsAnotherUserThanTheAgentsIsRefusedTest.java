package io.ceip.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s31: a command run as root beside an agent running as its own user ({@code sudo ceip-agent send}, not
 * {@code sudo -u ceip}) wrote its files in the agent's data directory as root's: a report it kept was set aside by the
 * agent, which reads only its own user's files, and never sent; a consent it set could not be read. A command that
 * writes ({@code run}, {@code send}, {@code consent}, {@code requeue}; and {@code export}, review ops32: it wrote the
 * consent audit, the ledger, the last report's time and its lock there as root's) in a data directory whose owner's
 * agent keeps its state there (the directory and the agent's files of another user: here uid 65534, set as root, as
 * the tests run) is now one line naming {@code ceip.data.directory}, the user and how to run it, exit code 1, nothing
 * written. A command that only reads ({@code preview}) still runs; so does any command where the agent's files are this user's.
 */
class CommandAsAnotherUserThanTheAgentsIsRefusedTest {

    private static final int AGENTS_USER = 65534;

    @TempDir
    Path dir;
    private Path data;
    private String refusal;

    @BeforeEach
    void anotherUsersAgentsDataDirectory() throws Exception {
        data = Files.createDirectory(dir.resolve("data"));
        Files.writeString(data.resolve("installation-id"), "8c6a764f-8a04-4564-90f3-8b8fb1524efe\n");
        Files.setAttribute(data.resolve("installation-id"), "unix:uid", AGENTS_USER);
        Files.setAttribute(data, "unix:uid", AGENTS_USER);
        Path config = Files.writeString(dir.resolve("command.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:command-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.endpoint.url=https://127.0.0.1:9/v1/reports", ""));
        System.setProperty("ceip.config", config.toString());
        refusal = "ceip.data.directory " + data + " and its installation-id belong to user " + AGENTS_USER
                + ", whose agent keeps its state there, not to this process's user (0): run the command as user "
                + AGENTS_USER + " (sudo -u '#" + AGENTS_USER + "' ceip-agent …); files this one wrote there would be"
                + " another user's, which that agent sets aside and never sends";
    }

    @AfterEach
    void clear() {
        System.clearProperty("ceip.config");
    }

    @Test
    void aCommandThatWritesIsOneLineAndWritesNothing() throws Exception {
        for (List<String> command : List.of(List.of("send"), List.of("consent", "off"), List.of("requeue"),
                List.of("export", dir.resolve("report.gz").toString()))) {
            CommandLineRun.Result result = CommandLineRun.run(command.toArray(String[]::new));

            assertThat(result.code()).as("%s: %s", command, result.err()).isEqualTo(1);
            assertThat(result.errLines()).as("%s", command).containsExactly("ceip-agent: " + refusal);
            assertThat(entries()).as("%s", command).containsExactly("installation-id");
        }
        assertThat(dir.resolve("report.gz")).as("nothing collected nor exported").doesNotExist();
    }

    @Test
    void theAgentsStartStopsSayingSo() throws Exception {
        Main main = AgentCommand.newMain(Map.of("ceip.data.directory", data.toString(),
                "ceip.database.url", "jdbc:h2:mem:start-" + UUID.randomUUID(), "ceip.collector.enabled", "false",
                "ceip.schedule.enabled", "false", "ceip.dead-letter.replay-enabled", "false"));
        assertStartStopsSaying(main, refusal);
        assertThat(entries()).containsExactly("installation-id");
    }

    @Test
    void aCommandThatOnlyReadsRuns() throws Exception {
        CommandLineRun.Result preview = CommandLineRun.run("preview");

        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("\"installationId\"");
        CommandLineRun.Result status = CommandLineRun.run("status");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(entries()).as("nothing written by preview nor status").containsExactly("installation-id");
    }

    @Test
    void theAgentsFilesOfThisUserInAnotherUsersDirectoryAreTaken() throws Exception {
        Files.setAttribute(data.resolve("installation-id"), "unix:uid", 0);

        CommandLineRun.Result result = CommandLineRun.run("consent", "off");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(data.resolve("consent")).content().startsWith("off ");
    }

    private List<String> entries() throws Exception {
        try (Stream<Path> listed = Files.list(data)) {
            return listed.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
