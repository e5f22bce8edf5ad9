package io.ceip.agent.privacy;

import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.support.LogCapture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The shipped detectors catch secrets written as {@code key=value} or {@code key: value} in free text (a product's
 * edition, an environment value) and HTTP authorization headers, and leave ordinary words alone; a backtracking
 * secret-key pattern is bounded as a detector is (the field is removed, one warning); two field names that redact to
 * the same text do not overwrite each other silently.
 */
class RedactionRulesSecretsInFreeTextTest {

    @TempDir
    Path salt;

    private RedactionRules shipped() {
        return RedactionRulesFile.load(Path.of("config/redaction-rules.yaml"),
                new Pseudonyms(new FileStateStore(salt)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "enterprise password=hunter2 Password=Winter2026!  | enterprise [REDACTED:secret-assignment] [REDACTED:secret-assignment]",
            "PGPASSWORD=Winter2026!                            | PG[REDACTED:secret-assignment]",
            "pwd: Sup3rS3cret                                  | [REDACTED:secret-assignment]",
            "Server=db;User Id=sa;Password=Winter2026!;        | Server=db;User Id=sa;[REDACTED:secret-assignment];",
            "api_key = \"abc def\" and more                    | [REDACTED:secret-assignment] and more",
            "client_secret:'x y'                               | client_[REDACTED:secret-assignment]",
            "Authorization: Basic YWRtaW46aHVudGVyMg==         | [REDACTED:authorization-header]",
            "authorization=Digest username                     | [REDACTED:authorization-header]",
            "invalid credential: Bearer abc.def                | invalid credential: [REDACTED:bearer-token]",
            "{\"password\":\"hunter2\"}                        | {\"[REDACTED:secret-assignment]}",
            "{'password': 'hunter2'}                           | {'[REDACTED:secret-assignment]}",
            "Server=db;\"Password\"=\"Winter2026!\"              | Server=db;\"[REDACTED:secret-assignment]",
            "{\"Authorization\":\"Basic YWRtaW46aHVudGVyMg==\"} | {\"[REDACTED:authorization-header]\"}",
            "https://h/p?user=a&pass=hunter2&x=1               | https://h/p?user=a&[REDACTED:secret-assignment]&x=1",
            "passphrase=correct horse                          | [REDACTED:secret-assignment] horse",
            "token=Xk9 and secret: Winter                      | [REDACTED:secret-assignment] and [REDACTED:secret-assignment]",
    })
    void secretsWrittenAsAssignmentsAreRedacted(String text, String redacted) {
        assertThat(shipped().redactText(text.strip())).isEqualTo(redacted.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "Basic Edition", "Enterprise Password Manager 2", "token.refresh",
            "session timeout: 30 min", "authorization header missing", "Invalid token: expired", "max tokens: 4096",
            "Secrets: 3 configured", "credentials: not set", "timeout waiting for secret: vault unreachable",
            "reason: token=expired, retry", "Enterprise Edition (api-key: none)", "Authorization: denied by policy",
            "authorization: required for admins", "bypass=true" })
    void ordinaryWordsAreLeftAlone(String text) {
        assertThat(shipped().redactText(text)).isEqualTo(text);
    }

    @Test
    void aBacktrackingSecretKeyPatternRemovesTheFieldItCannotFinishOnAndSaysSoOnce() throws Exception {
        RedactionRules rules = new RedactionRules(List.of(Pattern.compile("(?:\\S*){30}QQQ",
                Pattern.CASE_INSENSITIVE)), Map.of(), null, List.of(), new Pseudonyms(new FileStateStore(salt)));
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(
                "{\"checkout_completed_with_saved_card_01\":1,\"checkout_completed_with_saved_card_02\":2,\"ok\":3}");

        try (LogCapture log = LogCapture.attach()) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> rules.apply(tree)); // a guard, not a measure

            assertThat(tree.toString()).isEqualTo("{\"ok\":3}");
            assertThat(log.shown()).containsOnlyOnce("Redaction secret key '(?:\\S*){30}QQQ'"
                    + " (ceip.redaction.rules-file) read a field name more than");
        }
    }

    @Test
    void twoFieldNamesRedactedToTheSameTextKeepTheFirstAndSaySo() throws Exception {
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(
                "{\"usage\":{\"alice@example.com\":5,\"bob@example.com\":7,\"hosts\":9}}");

        try (LogCapture log = LogCapture.attach()) {
            shipped().apply(tree);

            assertThat(tree.toString()).isEqualTo("{\"usage\":{\"[REDACTED:email]\":5,\"hosts\":9}}");
            assertThat(log.shown()).contains("Redaction: two field names in one object redact to [REDACTED:email]:"
                    + " the second is left out");
        }
    }
}
