package io.ceip.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/ceip-agent --data "$UNSET"} (or {@code --data=}, {@code --config ""}) ran the agent on the
 * configuration's own data directory (or the default configuration) without a word: from a script with a variable
 * unset, another data directory, another installation ID. An empty directory is one line now, and no Java is started.
 * The launcher runs as shipped (src/dist/bin), with a Java that only says how it was called.
 */
class LauncherRefusesAnEmptyDirectoryTest {

    @TempDir
    Path dir;
    private Path launcher;
    private Path java;

    @BeforeEach
    void install() throws Exception {
        launcher = Files.copy(Path.of("src/dist/bin/ceip-agent"),
                Files.createDirectories(dir.resolve("home/bin")).resolve("ceip-agent"));
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho \"java started: data"
                + " ${CEIP_DATA_DIRECTORY:-unset}\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty data           | --data,,status           | ceip-agent: --data needs a directory",
            "empty data, =        | --data=,status           | ceip-agent: --data needs a directory",
            "empty after another  | --data,/srv/d,--data,,status | ceip-agent: --data needs a directory",
            "empty config         | --config,,status         | ceip-agent: --config needs a directory",
            "empty config, =      | --config=,status         | ceip-agent: --config needs a directory",
    })
    void anEmptyDirectoryIsOneLineAndNoJavaStarts(String name, String args, String line) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args.split(",", -1)));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(variable -> variable.startsWith("CEIP_"));
        builder.environment().put("JAVA_HOME", java.getParent().getParent().toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines())
                .containsExactly(line);
        assertThat(process.exitValue()).isEqualTo(1);
    }
}
