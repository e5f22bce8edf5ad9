package io.ceip.collector;

import io.ceip.collector.intake.ProductTokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The collector's jar run from the repository's root (beside the agent's {@code routes/}, with no
 * {@code config/tokens.properties}) said "config/tokens.properties names no product": a file that was not there at all,
 * and a routes folder of another project taken for its own. Now each says what is wrong (newbie run s23, F4).
 */
class CollectorStartedInTheWrongPlaceIsToldSoTest {

    @TempDir
    Path dir;

    @Test
    void aRoutesFolderWithoutTheIntakeRouteIsNotTheCollectors() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("ceip-report.camel.yaml"), "- route: {}\n"); // the agent's, say
        String pattern = "file:" + routes + "/*.camel.yaml";

        assertThatIllegalArgumentException().isThrownBy(() -> Collector.requireRoutes(pattern))
                .withMessage("camel.main.routes-include-pattern: no ceip-intake.camel.yaml in " + routes + ", which"
                        + " holds no collector's routes (run the collector in collector/, beside its routes/)");
        Files.writeString(routes.resolve("ceip-intake.camel.yaml"), "- route: {}\n");
        assertThatNoException().isThrownBy(() -> Collector.requireRoutes(pattern));
    }

    @Test
    void aTokensFileThatIsNotThereIsSaidSo() {
        Path missing = dir.resolve("config/tokens.properties");

        assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(missing, Map.of()))
                .withMessage("collector.tokens-file: " + missing + " does not exist");
    }
}
