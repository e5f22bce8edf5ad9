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
