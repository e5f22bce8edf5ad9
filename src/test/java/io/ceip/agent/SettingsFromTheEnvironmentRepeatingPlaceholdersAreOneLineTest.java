package io.ceip.agent;

import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.config.SettingDefinition;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel resolves the placeholders of a value from the environment as it does the file's: 30 {@code CEIP_*} variables
 * each naming the next setting twice ({@code CEIP_PRODUCT_NAME={{ceip.product.version}}{{ceip.product.version}}}, ...)
 * made it build 2^30 copies, and the agent ended out of memory within the launcher's heap after long CPU, without a
 * line naming the variable. One line now, before Camel resolves a value. A real process, within the launcher's heap.
 */
class SettingsFromTheEnvironmentRepeatingPlaceholdersAreOneLineTest {

    @Test
    void variablesRepeatingEachOtherAreOneLine() throws Exception {
        List<SettingDefinition> chain = SettingCatalog.embedded().all().stream()
                .filter(definition -> !definition.deprecatedNoOp()).limit(31).toList();
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String next = "{{" + chain.get(i + 1).key() + "}}";
            environment.put(chain.get(i).environmentVariable(), next + next);
        }
        environment.put(chain.get(30).environmentVariable(), "ha");

        ProcessBuilder builder = CommandLineRun.process(Path.of("").toAbsolutePath(), environment, "status");
        builder.command().add(1, "-Xmx128m");
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] stderr = process.getErrorStream().readAllBytes();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }

        assertThat(ended).as("status ended").isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(stderr, StandardCharsets.UTF_8).lines()).containsExactly("ceip-agent: "
                + chain.get(0).key() + " (environment variable " + chain.get(0).environmentVariable() + "): its"
                + " placeholders resolved, the value would be longer than 1048576 characters (placeholders repeating"
                + " placeholders); set it without them");
    }
}
