package io.ceip.agent;

import io.ceip.agent.config.Settings;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ceip.endpoint.url} is scheme, host, port and path, and nothing else: anything more is refused with one line
 * naming the key that never shows user info, query or fragment; what the agent sends to is rebuilt from those parts.
 */
class SettingsEndpointUrlTest {

    private static Settings url(String value) {
        return new Settings(key -> Optional.ofNullable(Map.of("ceip.endpoint.url", value).get(key)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://collector.example/v1/reports             | https://collector.example/v1/reports",
            "HTTPS://collector.example:8443/v1/reports        | https://collector.example:8443/v1/reports",
            "https://collector.example                        | https://collector.example",
            "https://10.0.0.7:443/a-b_c.d~e/                  | https://10.0.0.7:443/a-b_c.d~e/",
            "https://[::1]:8443/v1                            | https://[::1]:8443/v1",
    })
    void schemeHostPortAndPathAreKept(String value, String rebuilt) {
        assertThat(url(value).endpointUrl("ceip.endpoint.url", false)).hasToString(rebuilt);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://u:s3cret@collector.example/v1            | 'https://collector.example/v1' has user info: the endpoint is scheme, host, port and path only",
            "https://s3cret@collector.example/v1              | 'https://collector.example/v1' has user info: the endpoint is scheme, host, port and path only",
            "https://collector.example/v1?token=s3cret        | 'https://collector.example/v1' has a query string: the endpoint is scheme, host, port and path only (the agent alone sets the HTTP client's options)",
            "https://collector.example/v1?x509HostnameVerifier=#s3cret | 'https://collector.example/v1' has a query string: the endpoint is scheme, host, port and path only (the agent alone sets the HTTP client's options)",
            "https://collector.example/v1#s3cret              | 'https://collector.example/v1' has a fragment: the endpoint is scheme, host, port and path only",
            "https://collector.example:0/v1                   | 'https://collector.example:0/v1' has a port outside 1-65535",
            "https://collector.example:70000/v1               | 'https://collector.example:70000/v1' has a port outside 1-65535",
            "https://collector.example/v1/${bean:x}           | '(an invalid URL)' is not an https:// URL with a host",
            "https://collector.example/v1/%24%7Bs3cret%7D     | 'https://collector.example/v1/%24%7Bs3cret%7D' has a path with characters other than letters, digits and / . - _ ~",
            "https://collector.example/v1;s3cret=1            | 'https://collector.example/v1;s3cret=1' has a path with characters other than letters, digits and / . - _ ~",
            "https://collector.example/a%0Ab                  | 'https://collector.example/a%0Ab' has a path with characters other than letters, digits and / . - _ ~",
            "http://collector.example/v1                      | 'http://collector.example/v1' is not an https:// URL with a host",
            "ftp://collector.example/v1                       | 'ftp://collector.example/v1' is not an https:// URL with a host",
            "//collector.example/v1                           | '//collector.example/v1' is not an https:// URL with a host",
    })
    void anythingMoreIsRefusedWithOneLineNamingTheKey(String value, String message) {
        assertThatThrownBy(() -> url(value).endpointUrl("ceip.endpoint.url", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.url: " + message)
                .hasMessageNotContaining("\n")
                .satisfies(e -> {
                    if (!message.contains("has a path")) {
                        assertThat(e.getMessage()).doesNotContain("s3cret");
                    }
                });
    }

    @Test
    void plainHttpOnlyWhenAllowed() {
        assertThat(url("http://localhost:8080/v1/reports").endpointUrl("ceip.endpoint.url", true))
                .hasToString("http://localhost:8080/v1/reports");
        assertThatThrownBy(() -> url("http://localhost:8080/v1/reports").endpointUrl("ceip.endpoint.url", false))
                .hasMessage("ceip.endpoint.url: 'http://localhost:8080/v1/reports' is not an https:// URL with a host");
        assertThatThrownBy(() -> url("http://u:s3cret@localhost/v1?q=1").endpointUrl("ceip.endpoint.url", true))
                .hasMessage("ceip.endpoint.url: 'http://localhost/v1' has user info: the endpoint is scheme, host,"
                        + " port and path only");
    }
}
