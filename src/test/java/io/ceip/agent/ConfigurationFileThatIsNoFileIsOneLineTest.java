package io.ceip.agent;

import java.io.RandomAccessFile;
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
 * Camel reads the configuration file as its location is set, before the check sees a line of it: at the default
 * location a fifo made every command wait forever for a writer, and a file of 100 MB (named or at the default
 * location) ended it in an {@link OutOfMemoryError} and its stack trace within the launcher's heap. Each is one line
 * now, before Camel opens it.
 */
class ConfigurationFileThatIsNoFileIsOneLineTest {

    @TempDir
    Path dir;

    @Test
    void aFifoAtTheDefaultLocationIsOneLine() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("config/application.properties").toString())
                .start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(status(Map.of())).containsExactly("ceip-agent: configuration file config/application.properties"
                + " is not a regular file (a directory, a fifo or a device)");
    }

    @Test
    void aHugeFileAtTheDefaultLocationOrNamedIsOneLine() throws Exception {
        Path huge = Files.createDirectories(dir.resolve("config")).resolve("application.properties");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(100L << 20); // sparse: no disk is used
        }

        assertThat(status(Map.of())).containsExactly("ceip-agent: configuration file config/application.properties"
                + " is larger than 1048576 bytes; not a configuration file");
        assertThat(status(Map.of("CEIP_CONFIG", huge.toString()))).containsExactly("ceip-agent: configuration file "
                + huge + " (from ceip.config or CEIP_CONFIG) is larger than 1048576 bytes; not a configuration file");
    }

    @Test
    void aDirectoryNamedAsTheFileIsSaidToBeOne() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("conf.d"));

        assertThat(status(Map.of("CEIP_CONFIG", directory.toString()))).containsExactly("ceip-agent: configuration"
                + " file " + directory + " (from ceip.config or CEIP_CONFIG) is not a regular file (a directory, a"
                + " fifo or a device)");
    }

    /**
     * Forty lines that each repeat the next twice ({@code x1={{x2}}{{x2}}}, ...), one setting naming the first: Camel
     * built 2^40 copies, and after some 50 seconds of CPU the JVM ended out of memory (exit 3, "Terminating due to
     * java.lang.OutOfMemoryError"). One line now, naming the first value that would grow so, before Camel resolves it.
     */
    @Test
    void placeholdersRepeatingPlaceholdersAreOneLine() throws Exception {
        StringBuilder text = new StringBuilder("# laughs\nceip.product.name=Demo {{x1}}\n");
        for (int i = 1; i < 40; i++) {
            text.append("x").append(i).append("={{x").append(i + 1).append("}}{{x").append(i + 1).append("}}\n");
        }
        Path config = Files.writeString(dir.resolve("laughs.properties"), text.append("x40=ha\n"));

        assertThat(status(Map.of("CEIP_CONFIG", config.toString()))).containsExactly("ceip-agent: configuration file "
                + config + " (from ceip.config or CEIP_CONFIG):2: ceip.product.name, its placeholders resolved, would"
                + " be longer than 1048576 characters (placeholders repeating placeholders); not a configuration file");
    }

    /** Written with escapes as Camel reads them ({@code \u007b} is a brace), at the default location too. */
    @Test
    void placeholdersWrittenWithEscapesAreCountedAsCamelReadsThem() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < 30; i++) {
            text.append("camel.x").append(i).append("=\\u007b\\u007bcamel.x").append(i + 1)
                    .append("}}".repeat(1)).append("{{camel.x").append(i + 1).append("}}\n");
        }
        text.append("camel.x30=").append("y".repeat(100)).append("\nceip.product.name={{camel.x1}}\n");
        Files.writeString(Files.createDirectories(dir.resolve("config")).resolve("application.properties"), text);

        assertThat(status(Map.of())).singleElement().asString().startsWith("ceip-agent: configuration file"
                + " config/application.properties:1: camel.x1, its placeholders resolved, would be longer than");
    }

    /** {@code status} in {@code dir}, within the launcher's heap: its stderr lines (it must end, with exit code 1). */
    private List<String> status(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = CommandLineRun.process(dir, environment, "status");
        builder.command().add(1, "-Xmx128m");
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("status ended").isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
}
