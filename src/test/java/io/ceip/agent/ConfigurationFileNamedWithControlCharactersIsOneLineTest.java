package io.ceip.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration file's name ({@code CEIP_CONFIG}, {@code -Dceip.config}, the launcher's {@code --config DIR}) was
 * the one outside text the agent wrote into its lines as it was: every value is refused with a control character, but
 * a folder named with a line end forged a log line in each WARN line naming {@code file:line} (a deprecated key, a
 * relative path) and a line of {@code status} ("configuration: …"), and an escape sequence reached the terminal. Such
 * a name is now refused in one line, escaped, before anything reads the file. Real processes, real files.
 */
class ConfigurationFileNamedWithControlCharactersIsOneLineTest {

    @TempDir
    Path dir;

    @Test
    void aLineEndInTheFoldersNameIsOneRefusal() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("conf\n2026-12-07 10:00:00.000 ERROR [main] forged"));
        Path config = Files.writeString(folder.resolve("application.properties"),
                "ceip.memory.trim-after-report=true\nceip.collect.queries-file=config/usage-queries.yaml\n");

        Result status = status(Map.of("CEIP_CONFIG", config.toString()));

        assertThat(status.code()).as(status.err()).isEqualTo(1);
        assertThat(status.out()).isEmpty();
        assertThat(status.err().lines().toList()).containsExactly("ceip-agent: configuration file " + dir
                + "/conf\\u000a2026-12-07 10:00:00.000 ERROR [main] forged/application.properties (from ceip.config or"
                + " CEIP_CONFIG): its name holds a control character or a line separator (U+000A); rename it");
    }

    @Test
    void anEscapeSequenceInTheNameNeverReachesTheTerminal() throws Exception {
        Path config = Files.writeString(dir.resolve("app\u001b[2J\u2028lication.properties"),
                "ceip.product.name=Borealis\n");

        Result status = status(Map.of("CEIP_CONFIG", config.toString()));

        assertThat(status.code()).as(status.err()).isEqualTo(1);
        assertThat(status.out() + status.err()).doesNotContain("\u001b").doesNotContain("\u2028");
        assertThat(status.err().lines().toList()).singleElement().asString()
                .endsWith("/app\\u001b[2J\\u2028lication.properties (from ceip.config or CEIP_CONFIG): its name"
                        + " holds a control character or a line separator (U+001B); rename it");
    }

    private record Result(int code, String out, String err) {
    }

    /** {@code status} in the repository's root (the installation), its outputs; it must end. */
    private static Result status(Map<String, String> environment) throws Exception {
        Process process = CommandLineRun.process(Path.of("").toAbsolutePath(), environment, "status").start();
        process.getOutputStream().close();
        var out = process.getInputStream();
        var err = process.getErrorStream();
        byte[] stdout = out.readAllBytes();
        byte[] stderr = err.readAllBytes();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("status ended").isTrue();
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }
}
