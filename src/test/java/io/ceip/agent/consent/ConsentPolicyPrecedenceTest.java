package io.ceip.agent.consent;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentPolicyPrecedenceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "env={0} runtime={1} default={2} -> {3} from {4}")
    @CsvSource({
            "'',                 '',    basic, basic, config:ceip.consent.default",
            "'',                 '',    off,   off,   config:ceip.consent.default",
            "'',                 full,  off,   full,  runtime-setting",
            "'',                 off,   full,  off,   runtime-setting",
            "DO_NOT_TRACK=1,     full,  full,  off,   environment:DO_NOT_TRACK",
            "DO_NOT_TRACK=true,  '',    basic, off,   environment:DO_NOT_TRACK",
            "CEIP_DISABLED=true, full,  basic, off,   environment:CEIP_DISABLED",
            "DO_NOT_TRACK=0,     '',    basic, basic, config:ceip.consent.default",
            "CEIP_DISABLED=false, basic, off,  basic, runtime-setting",
    })
    void sourcesApplyInDocumentedOrder(String env, String runtime, String configDefault, String level, String source) {
        Map<String, String> environment = env.isEmpty() ? Map.of() : Map.of(env.split("=")[0], env.split("=")[1]);
        ConsentSettingFile setting = new ConsentSettingFile(dir.resolve("consent"));
        if (!runtime.isEmpty()) {
            setting.write(ConsentLevel.parse(runtime));
        }
        ConsentPolicy policy = new ConsentPolicy(environment, setting, ConsentLevel.parse(configDefault));

        assertThat(policy.decide()).isEqualTo(new ConsentDecision(ConsentLevel.parse(level), source));
        assertThat(policy.allowsCollection()).isEqualTo(!level.equals("off"));
    }

    @Test
    void aRuntimeSettingSurvivesANewPolicyOnTheSameFile() {
        new ConsentPolicy(Map.of(), new ConsentSettingFile(dir.resolve("consent")), ConsentLevel.OFF)
                .set(ConsentLevel.FULL);

        ConsentPolicy afterRestart = new ConsentPolicy(Map.of(), new ConsentSettingFile(dir.resolve("consent")),
                ConsentLevel.OFF);

        assertThat(afterRestart.decide().level()).isEqualTo(ConsentLevel.FULL);
    }

    @Test
    void levelsParseCaseInsensitivelyAndRejectAnythingElse() {
        assertThat(ConsentLevel.parse(" Full ")).isEqualTo(ConsentLevel.FULL);
        assertThatThrownBy(() -> ConsentLevel.parse("yes")).hasMessageContaining("'yes'")
                .hasMessageContaining("off, basic or full");
        assertThat(ConsentLevel.FULL.covers(ConsentLevel.BASIC)).isTrue();
        assertThat(ConsentLevel.BASIC.covers(ConsentLevel.FULL)).isFalse();
        assertThat(ConsentLevel.OFF.covers(ConsentLevel.OFF)).isFalse();
    }
}
