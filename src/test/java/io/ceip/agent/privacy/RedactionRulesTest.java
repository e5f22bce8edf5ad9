package io.ceip.agent.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.FileStateStore;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionRulesTest {

    private static final RedactionRules RULES = RedactionRulesFile.load(Path.of("config/redaction-rules.yaml"),
            new Pseudonyms(new FileStateStore(Path.of(System.getProperty("java.io.tmpdir"), "ceip-test-salt-" + System.nanoTime()))));
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "contact admin@example.com now          | contact [REDACTED:email] now",
            "server at 192.168.10.20:8080           | server at [REDACTED:ipv4]:8080",
            "link-local fe80::1ff:fe23:4567:890a    | link-local [REDACTED:ipv6]",
            "https://bob:s3cr3t@repo.example/x      | [REDACTED:url-credentials]",
            "jdbc:postgresql://db:5432/prod?user=x  | [REDACTED:jdbc-url]",
            "Authorization: Bearer abc.def-ghi_123  | Authorization: [REDACTED:bearer-token]",
    })
    void detectorsReplaceWhatTheyFind(String input, String expected) {
        assertThat(RULES.redactText(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "17.0.15", "2.3.232", "6.18.44-fc-v595", "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b",
            "2026-11-23T19:27:33Z", "Europe/Paris", "amd64", "Demo Monitoring" })
    void nearMissesAreLeftAlone(String input) {
        assertThat(RULES.redactText(input)).isEqualTo(input);
    }

    @Test
    void secretKeysAreRemovedAtAnyDepthAndStringsRedactedEverywhere() throws Exception {
        JsonNode tree = JSON.readTree("""
                {"product": {"name": "x", "licenseToken": "abc", "nested": [{"db_password": "p", "ok": 1}]},
                 "apiKey": "k", "notes": ["mail me: a.b@example.org"], "SessionCookie": "c"}""");

        JsonNode redacted = RULES.apply(tree);

        assertThat(redacted.toString()).isEqualTo(
                "{\"product\":{\"name\":\"x\",\"nested\":[{\"ok\":1}]},\"notes\":[\"mail me: [REDACTED:email]\"]}");
    }
}
