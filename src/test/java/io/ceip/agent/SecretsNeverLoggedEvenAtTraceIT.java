package io.ceip.agent;

import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ShippedFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as a process with every logger at TRACE ({@code -Dceip.log.level=TRACE}, the README's "show everything"
 * and more) and Camel's tracer on ({@code CAMEL_MAIN_TRACING=true}): the database password and the endpoint token,
 * given in the environment, appear in no output and no file of the data directory. Camel's properties component printed every value it resolved at DEBUG, and its bean
 * component the Authorization header at TRACE.
 */
class SecretsNeverLoggedEvenAtTraceIT {

    private static final String PASSWORD = "Sup3r-Secret-Db-Pw";
    private static final String TOKEN = "tok-Secret-0123456789abcdef";

    @TempDir
    Path workDir;

    @Test
    void previewAndSendAtTraceNeverPrintThePasswordOrTheToken() throws Exception {
        ShippedFiles.copyTo(workDir);
        int port = FreePort.next();
        Map<String, String> env = Map.of("CEIP_DATABASE_PASSWORD", PASSWORD, "CEIP_ENDPOINT_TOKEN", TOKEN,
                "CEIP_COLLECTOR_PORT", Integer.toString(port), "CEIP_ENDPOINT_URL",
                "https://localhost:" + port + "/v1/reports", "JAVA_TOOL_OPTIONS", "-Dceip.log.level=TRACE",
                "CAMEL_MAIN_TRACING", "true");
        for (String command : new String[] { "preview", "send" }) {
            Path output = workDir.resolve(command + ".log");
            Process process = CommandLineRun.process(workDir, env, command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(command).isTrue();

            String logged = Files.readString(output, StandardCharsets.ISO_8859_1);
            assertThat(logged).as(command + " at TRACE").contains(" TRACE ").doesNotContain(PASSWORD)
                    .doesNotContain(TOKEN);
            assertThat(logged).as(command + ": Camel's tracer on").contains("[ceip-build-r]");
        }
        try (Stream<Path> files = Files.walk(workDir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(PASSWORD).doesNotContain(TOKEN);
            }
        }
    }
}
