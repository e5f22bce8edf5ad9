package io.ceip.agent.privacy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current data-set version comes from the report schema, which the agent reads with its first report: a
 * decision asks for it only when a runtime {@code full} setting must be compared with it, or one is written.
 */
class ConsentPolicyDataSetVersionOnDemandTest {

    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();

    private ConsentPolicy policy(ConsentSettingFile setting) {
        return new ConsentPolicy(Map.of(), setting, null, ConsentLevel.BASIC, () -> {
            asked.incrementAndGet();
            return 2;
        }, new ConsentAudit(dir.resolve("consent-audit.log"), Clock.systemUTC()));
    }

    @Test
    void aDecisionFromTheDefaultOrABasicSettingDoesNotAsk() {
        ConsentSettingFile setting = new ConsentSettingFile(dir.resolve("consent"));
        ConsentPolicy policy = policy(setting);

        assertThat(policy.decide().level()).isEqualTo(ConsentLevel.BASIC);
        setting.write(ConsentLevel.BASIC, 1);
        assertThat(policy.decide()).isEqualTo(new ConsentDecision(ConsentLevel.BASIC, "runtime-setting"));
        assertThat(asked).hasValue(0);
    }

    @Test
    void aFullSettingIsComparedWithTheCurrentVersionAndANewOneRecordsIt() {
        ConsentSettingFile setting = new ConsentSettingFile(dir.resolve("consent"));
        setting.write(ConsentLevel.FULL, 1);
        ConsentPolicy policy = policy(setting);

        assertThat(policy.decide()).isEqualTo(new ConsentDecision(ConsentLevel.BASIC,
                "runtime-setting:full-given-for-data-set-1-current-is-2"));
        assertThat(asked.get()).isPositive();

        assertThat(policy.set(ConsentLevel.FULL)).isEqualTo(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));
        assertThat(setting.read()).hasValueSatisfying(saved -> assertThat(saved.dataSetVersion()).isEqualTo(2));
    }
}
