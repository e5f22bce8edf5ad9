package io.ceip.agent.delivery;

import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.RedactionRulesFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerExcerptCutsEscapesAndRedactsTest {

    @TempDir
    Path salt;

    private AnswerExcerpt excerpt() {
        return excerpt(List.of());
    }

    private AnswerExcerpt excerpt(List<String> secrets) {
        return new AnswerExcerpt(RedactionRulesFile.load(Path.of("config/redaction-rules.yaml"),
                new Pseudonyms(new FileStateStore(salt))), secrets);
    }

    /** Review s20 M3: the agent's own secrets, echoed by an answer with nothing a detector knows around them. */
    @Test
    void theAgentsOwnSecretsAreRedactedAsWrittenUrlEncodedOrJsonEscaped() {
        String token = "Kx7qPw2mZr9tLs4v";
        String password = "p\\a\"s/s+w&rd";
        String answer = "{\"got\":\"" + token + "\",\"proxy\":\"" + password.replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("/", "\\/") + "\"} query=" + java.net.URLEncoder.encode(password,
                StandardCharsets.UTF_8) + " raw=" + password + " again " + token + "X";

        String excerpt = excerpt(List.of(token, password, "")).of(answer, 512);

        assertThat(excerpt).doesNotContain(token, "s/s+w", "s%2Fs", "s\\\\/s", "w&rd", "w%26rd")
                .startsWith("{\"got\":\"[REDACTED:secret]\",\"proxy\":\"[REDACTED:secret]\"}")
                .contains("query=[REDACTED:secret] raw=[REDACTED:secret] again [REDACTED:secret]X");
    }

    /** Review s20 fixes L2: the other ways an answer encodes a password: %20, lower-case hex, a JSON unicode slash. */
    @Test
    void aPasswordEncodedAnotherWayIsRedactedToo() {
        String password = "correct horse/battery";
        String answer = "a=correct%20horse%2Fbattery b=correct+horse%2fbattery c={\"p\":\"correct horse"
                + "\\u002fbattery\"} d=correct%20horse%2fbattery";

        String excerpt = excerpt(List.of(password)).of(answer, 512);

        assertThat(excerpt).doesNotContain("horse", "battery").contains("a=[REDACTED:secret] b=[REDACTED:secret]",
                "d=[REDACTED:secret]");
    }

    @Test
    void aSecretHoldingAnotherIsRedactedWhole() {
        assertThat(excerpt(List.of("abcd", "xxabcdyy")).of("a xxabcdyy b abcd", 512))
                .isEqualTo("a [REDACTED:secret] b [REDACTED:secret]");
    }

    @Test
    void noAnswerHasNoExcerpt() {
        assertThat(excerpt().of(null, 512)).isNull();
        assertThat(excerpt().of("", 512)).isNull();
    }

    @Test
    void controlAndInvisibleCharactersAreEscapedAndABackslashDoubled() {
        assertThat(AnswerExcerpt.escape("a\nb\r\tc\\n\u001b[0m\u0000\u007f\u0085\u2028\u2029\u202e\u200b\ufeff\ud800é€😀"))
                .isEqualTo("a\\nb\\r\\tc\\\\n\\u001b[0m\\u0000\\u007f\\u0085\\u2028\\u2029\\u202e\\u200b\\ufeff\\ud800é€😀");
    }

    @Test
    void anExcerptIsRedactedBeforeItIsCutAndNeverSplitsACharacterOrAnEscape() {
        String answer = "token " + "Bearer abcdefghijklmnop1234 " + "é".repeat(300) + "\u001b".repeat(10);

        String kept = excerpt().of(answer, 64);

        assertThat(kept).startsWith("token [REDACTED:bearer-token] é").endsWith("é" + AnswerExcerpt.CUT);
        assertThat(kept.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(64);
        String escapes = excerpt().of("x" + "\u0007".repeat(100), 40);
        assertThat(escapes).isEqualTo("x" + "\\u0007".repeat(5) + AnswerExcerpt.CUT);
    }

    @Test
    void aShortAnswerIsKeptWholeAndAnAnswerAtTheReadBoundLosesItsLastWord() {
        assertThat(excerpt().of("no such installation", 512)).isEqualTo("no such installation");

        String atBound = "w ".repeat(AnswerLimit.MAX_BYTES / 2 - 4) + "ab@example.c";
        assertThat(excerpt().of(atBound, 512)).doesNotContain("ab@").startsWith("w w ").endsWith(AnswerExcerpt.CUT);
        assertThat(excerpt().of("x".repeat(10_000), 512)).isEqualTo(AnswerExcerpt.CUT.strip());
    }
}
