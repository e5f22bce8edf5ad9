package io.ceip.agent;

import io.ceip.agent.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every typed getter of {@link Settings} names the key and the bad value, and never echoes a credential. */
class SettingsRejectsBadValuesTest {

    private static Settings settings(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void typedValuesAreReadAndBadOnesNamed() {
        Settings settings = settings(Map.of("a.flag", "TRUE", "a.count", "12", "a.wait", "PT2S", "a.millis", "1500",
                "bad.flag", "yes", "bad.count", "twelve", "bad.wait", "2 seconds", "blank", "  "));
        assertThat(settings.bool("a.flag")).isTrue();
        assertThat(settings.number("a.count")).isEqualTo(12);
        assertThat(settings.duration("a.wait")).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.duration("a.millis")).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.optional("blank")).isEmpty();
        assertThatThrownBy(() -> settings.bool("bad.flag")).hasMessage("bad.flag: 'yes' is not true or false");
        assertThatThrownBy(() -> settings.number("bad.count")).hasMessage("bad.count: 'twelve' is not a whole number");
        assertThatThrownBy(() -> settings.duration("bad.wait"))
                .hasMessage("bad.wait: '2 seconds' is not a duration (PT30S or milliseconds)");
        assertThatThrownBy(() -> settings.string("blank")).hasMessage("blank is not set");
    }

    /** A value written with a placeholder is quoted as written: what it resolves to may be a secret. */
    @Test
    void aValueWrittenWithAPlaceholderIsQuotedAsWritten() {
        Settings settings = new Settings(key -> Optional.of("S3cr3t-Pw"), Map.of("a.flag", "{{env:PW}}", "a.count",
                "{{ceip.endpoint.token}}", "a.wait", "{{env:PW}}", "a.url", "https://{{env:PW}}",
                "b.url", "https://user:pw@{{env:HOST}}"));

        assertThatThrownBy(() -> settings.bool("a.flag"))
                .hasMessage("a.flag: '{{env:PW}}', once resolved, is not true or false");
        assertThatThrownBy(() -> settings.number("a.count"))
                .hasMessage("a.count: '{{ceip.endpoint.token}}', once resolved, is not a whole number");
        assertThatThrownBy(() -> settings.duration("a.wait"))
                .hasMessage("a.wait: '{{env:PW}}', once resolved, is not a duration (PT30S or milliseconds)");
        assertThatThrownBy(() -> settings.endpointUrl("a.url", false))
                .hasMessage("a.url: 'https://{{env:PW}}', once resolved, is not an https:// URL with a host");
        assertThatThrownBy(() -> settings.endpointUrl("b.url", false)).as("user info as written is not shown")
                .hasMessage("b.url: its value, once resolved, is not an https:// URL with a host");
    }

    @Test
    void theEndpointIsAnHttpsUrlWithAHost() {
        assertThat(settings(Map.of("ceip.endpoint.url", "https://collector.example:8443/v1/reports"))
                .endpointUrl("ceip.endpoint.url", false)).hasHost("collector.example").hasPort(8443);
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://collector.example/v1", "collector.example/v1", "https:///v1", "ftp://x/y",
            "https://bad host/v1" })
    void anythingElseStopsTheStartNamingTheKey(String url) {
        assertThatThrownBy(() -> settings(Map.of("ceip.endpoint.url", url)).endpointUrl("ceip.endpoint.url", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ceip.endpoint.url: '")
                .hasMessageEndingWith("' is not an https:// URL with a host");
    }

    @Test
    void theErrorLeavesOutUserInfoAndQuery() {
        Settings settings = settings(Map.of("ceip.endpoint.url", "http://agent:s3cret@collector.example/v1?token=t0k"));
        assertThatThrownBy(() -> settings.endpointUrl("ceip.endpoint.url", false))
                .hasMessage("ceip.endpoint.url: 'http://collector.example/v1' is not an https:// URL with a host")
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("t0k");
    }
}
