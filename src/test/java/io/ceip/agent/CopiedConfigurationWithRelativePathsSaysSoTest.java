package io.ceip.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration copied outside the installation ({@code CEIP_CONFIG}) that keeps relative file settings read the
 * installation's files (its demo queries, run against the customer's database) without a word: the relative paths
 * resolve from the working directory, not from the configuration file's folder. They still do (a public contract),
 * but each such setting set in that file is now one WARN line naming the key, the file and line, the path read and the
 * file beside the configuration that is not read; nothing for absolute values, values from elsewhere, or the
 * installation's own configuration. Real processes, real files.
 */
class CopiedConfigurationWithRelativePathsSaysSoTest {

    @TempDir
    Path dir;
    Path installation;
    Path copy;

    @BeforeEach
    void anInstallationAndACopyOfItsConfiguration() throws Exception {
        installation = Files.createDirectories(dir.resolve("installation")).toRealPath();
        Files.createDirectories(installation.resolve("config"));
        Files.writeString(installation.resolve("config/usage-queries.yaml"), "queries: []\n"); // the demo's
        copy = Files.createDirectories(dir.resolve("borealis/config")).toRealPath();
    }

    @Test
    void aRelativeQueriesFileWithNothingBesideTheCopyIsOneLineNamingTheFolder() throws Exception {
        Path config = write(copy.resolve("application.properties"), "ceip.product.name=Borealis",
                "ceip.collect.queries-file=config/usage-queries.yaml");

        assertThat(warnings(status(Map.of("CEIP_CONFIG", config.toString())))).containsExactly(config
                + ":3: ceip.collect.queries-file is relative: it is read from the working directory, as "
                + installation.resolve("config/usage-queries.yaml") + ", not from this file's folder " + copy
                + "; give an absolute path");
    }

    @Test
    void aSameNamedFileBesideTheCopyIsNamedAsNotRead() throws Exception {
        Path config = write(copy.resolve("application.properties"),
                "ceip.collect.queries-file=config/usage-queries.yaml", "ceip.redaction.rules-file=rules.yaml");
        Files.writeString(copy.resolve("usage-queries.yaml"), "queries: []\n");
        Files.writeString(copy.resolve("rules.yaml"), "rules: []\n");

        assertThat(warnings(status(Map.of("CEIP_CONFIG", config.toString())))).containsExactly(
                config + ":2: ceip.collect.queries-file is relative: it is read from the working directory, as "
                        + installation.resolve("config/usage-queries.yaml") + ", not "
                        + copy.resolve("usage-queries.yaml") + " beside this file; give an absolute path",
                config + ":3: ceip.redaction.rules-file is relative: it is read from the working directory, as "
                        + installation.resolve("rules.yaml") + ", not " + copy.resolve("rules.yaml")
                        + " beside this file; give an absolute path");
    }

    @Test
    void onlyTheRelativeValueTheFileSetsIsNamed() throws Exception {
        Path queries = Files.writeString(copy.resolve("usage-queries.yaml"), "queries: []\n");
        Path config = write(copy.resolve("application.properties"), "ceip.collect.queries-file=" + queries,
                "ceip.redaction.rules-file=config/redaction-rules.yaml", "ceip.events.catalog-file=config/events.yaml",
                "ceip.inventory.catalog-file=");

        List<String> lines = status(Map.of("CEIP_CONFIG", config.toString(),
                "CEIP_REDACTION_RULES_FILE", copy.resolve("redaction-rules.yaml").toString()));

        assertThat(warnings(lines)).as("absolute, set in the environment, empty, embedded default: nothing")
                .containsExactly(config + ":4: ceip.events.catalog-file is relative: it is read from the working"
                        + " directory, as " + installation.resolve("config/events.yaml") + ", not from this file's"
                        + " folder " + copy + "; give an absolute path");
    }

    @Test
    void theInstallationsOwnConfigurationSaysNothingWhereItsCopySaysIt() throws Exception {
        String[] relative = { "ceip.collect.queries-file=config/usage-queries.yaml" };
        Path own = write(installation.resolve("config/application.properties"), relative);
        Path copied = write(copy.resolve("application.properties"), relative);

        assertThat(status(Map.of())).as("the default location").noneMatch(line -> line.contains("WARN"));
        assertThat(status(Map.of("CEIP_CONFIG", own.toString()))).as("named as the launcher names it")
                .noneMatch(line -> line.contains("WARN"));
        assertThat(warnings(status(Map.of("CEIP_CONFIG", copied.toString())))).as("its copy").hasSize(1);
    }

    @Test
    void aPathThatIsASecretsValueIsNeverShown() throws Exception {
        String token = "Zt8pW2nQvL5xR7yK3mB9";
        Path config = write(copy.resolve("application.properties"), "ceip.endpoint.token=" + token,
                "ceip.collect.queries-file=" + token); // pasted in the wrong line

        List<String> lines = status(Map.of("CEIP_CONFIG", config.toString()));

        assertThat(String.join("\n", lines)).doesNotContain(token);
        assertThat(warnings(lines)).containsExactly(config + ":3: ceip.collect.queries-file is relative: it is read"
                + " from the working directory " + installation + ", not from this file's folder; give an absolute"
                + " path");
    }

    /**
     * The whole {@code config/} copied ({@code --config DIR}), its events catalog and queries edited there, its
     * {@code application.properties} setting neither: the embedded defaults read the installation's files, and said
     * nothing. One line each now, after the lines of what the file sets.
     */
    @Test
    void aDefaultLeftUnsetWhileItsNamesakeLiesBesideTheCopyIsOneLine() throws Exception {
        Path config = write(copy.resolve("application.properties"), "ceip.product.name=Borealis",
                "ceip.redaction.rules-file=config/redaction-rules.yaml");
        Files.writeString(copy.resolve("events.yaml"), "features: []\n");
        Files.writeString(copy.resolve("usage-queries.yaml"), "queries: []\n");

        assertThat(warnings(status(Map.of("CEIP_CONFIG", config.toString())))).containsExactly(
                config + ":3: ceip.redaction.rules-file is relative: it is read from the working directory, as "
                        + installation.resolve("config/redaction-rules.yaml") + ", not from this file's folder "
                        + copy + "; give an absolute path",
                config + ": ceip.collect.queries-file is not set in this file: its embedded default"
                        + " config/usage-queries.yaml is read from the working directory, as "
                        + installation.resolve("config/usage-queries.yaml") + ", not "
                        + copy.resolve("usage-queries.yaml") + " beside this file; set it to an absolute path",
                config + ": ceip.events.catalog-file is not set in this file: its embedded default config/events.yaml"
                        + " is read from the working directory, as " + installation.resolve("config/events.yaml")
                        + ", not " + copy.resolve("events.yaml") + " beside this file; set it to an absolute path");
    }

    /** Nothing of its name beside the copy, or the default's value set in the environment: nothing to say. */
    @Test
    void aDefaultWithNothingBesideTheCopyOrSetElsewhereSaysNothing() throws Exception {
        Path config = write(copy.resolve("application.properties"), "ceip.product.name=Borealis");
        Files.writeString(copy.resolve("events.yaml"), "features: []\n");

        assertThat(warnings(status(Map.of("CEIP_CONFIG", config.toString(), "CEIP_EVENTS_CATALOG_FILE",
                copy.resolve("events.yaml").toString())))).isEmpty();
        Files.delete(copy.resolve("events.yaml"));
        assertThat(warnings(status(Map.of("CEIP_CONFIG", config.toString())))).isEmpty();
        Files.writeString(installation.resolve("config/events.yaml"), "features: []\n");
        Files.writeString(installation.resolve("config/application.properties"), "ceip.product.name=Borealis\n");
        assertThat(status(Map.of())).as("the installation's own configuration, its files beside it")
                .noneMatch(line -> line.contains("WARN"));
    }

    /** {@code preview} and {@code send} check the settings twice (their own overrides, then the start): one line. */
    @Test
    void previewAndSendSayItOnce() throws Exception {
        Path repository = Path.of("").toAbsolutePath();
        Path config = write(copy.resolve("application.properties"), "ceip.data.directory=" + dir.resolve("data"),
                "ceip.collect.queries-file=config/usage-queries.yaml", "ceip.collector.enabled=false",
                "ceip.database.demo-data=false", "ceip.database.url=jdbc:h2:mem:copied", "ceip.consent.default=off");
        String line = config + ":3: ceip.collect.queries-file is relative: it is read from the working directory, as "
                + repository.resolve("config/usage-queries.yaml") + ", not from this file's folder " + copy
                + "; give an absolute path";

        assertThat(warnings(run(repository, Map.of("CEIP_CONFIG", config.toString()), 0, "preview")))
                .containsExactly(line);
        assertThat(warnings(run(repository, Map.of("CEIP_CONFIG", config.toString()), 5, "send")))
                .as("consent off: nothing sent, exit 5").containsExactly(line);
    }

    private static Path write(Path file, String... lines) throws Exception {
        return Files.writeString(file, "# copied\n" + String.join("\n", lines) + "\n");
    }

    /** The WARN lines' messages. */
    private static List<String> warnings(List<String> stderr) {
        return stderr.stream().filter(line -> line.contains(" WARN ")).map(line -> line.replaceFirst("^.* - ", ""))
                .toList();
    }

    private List<String> status(Map<String, String> environment) throws Exception {
        return run(installation, environment, 0, "status");
    }

    /** The command as a process in {@code workDir}: its stderr lines (it must end with {@code code}). */
    private static List<String> run(Path workDir, Map<String, String> environment, int code, String command)
            throws Exception {
        Process process = CommandLineRun.process(workDir, environment, command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(command + " ended").isTrue();
        String err = new String(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isEqualTo(code);
        return err.lines().toList();
    }
}
