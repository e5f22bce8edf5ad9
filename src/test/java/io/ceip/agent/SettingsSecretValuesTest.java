package io.ceip.agent;

import io.ceip.agent.config.Settings;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Settings#secretValues}: every value set for a setting the catalog types {@code secret}, and nothing else. */
class SettingsSecretValuesTest {

    @Test
    void theTokensAndPasswordsSetAreNamedAndNothingElse() {
        Map<String, String> values = Map.of("ceip.endpoint.token", " endpoint-token ",
                "ceip.customer-endpoint.token", "customer-token", "ceip.proxy.password", "proxy-password",
                "ceip.database.password", "database-password", "ceip.cluster.database.password", "database-password",
                "ceip.endpoint.key-store-password", "", "ceip.proxy.user", "proxy-user",
                "ceip.endpoint.url", "https://collector.example/v1/reports");

        assertThat(new Settings(key -> Optional.ofNullable(values.get(key))).secretValues())
                .containsExactlyInAnyOrder("endpoint-token", "customer-token", "proxy-password", "database-password");
    }
}
