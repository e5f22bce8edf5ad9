package io.ceip.agent.privacy;

import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.support.HostileText;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Redaction is linear in its input: on texts crafted to make each shipped detector backtrack, every detector reads
 * each character a bounded number of times (counted, not timed: a super-linear pattern fails at once instead of
 * running for hours), and what is planted in a hostile megabyte is still caught. The time each redaction of a
 * megabyte took is printed, never asserted.
 */
class RedactionRulesHostileInputTest {

    private static final int MIB = 1 << 20;
    /** Reads of a character allowed per detector; the shipped patterns need at most 8 (measured). */
    private static final long READS_PER_CHARACTER = 32;
    private static final RedactionRules RULES = RedactionRulesFile.load(Path.of("config/redaction-rules.yaml"),
            new Pseudonyms(new FileStateStore(Path.of(System.getProperty("java.io.tmpdir"),
                    "ceip-test-salt-" + System.nanoTime()))));
    private static final String PLANTED = " admin@example.com https://bob:s3cr3t@repo.example/x"
            + " Bearer abc.def-ghi_123 eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXh5eg ";

    static Stream<Arguments> hostileTexts() {
        Map<String, String> quarters = HostileText.all(MIB / 4);
        return HostileText.all(MIB).entrySet().stream()
                .map(text -> Arguments.of(text.getKey(), quarters.get(text.getKey()), text.getValue()));
    }

    /**
     * Each detector reads a quarter of the hostile text a bounded number of times per character (a quadratic pattern
     * would need tens of thousands), then the whole megabyte, with secrets planted in its middle, is redacted.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTexts")
    void aHostileMegabyteIsRedactedInLinearTimeAndWhatIsPlantedInItIsStillCaught(String name, String quarter,
            String megabyte) {
        assertLinear(name, planted(quarter));
        String input = planted(megabyte);

        long start = System.nanoTime();
        String redacted = RULES.redactText(input);
        long millis = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("Redaction of the %d-character hostile text '%s': %d ms%n", input.length(), name, millis);
        assertThat(redacted).doesNotContain("admin@example.com", "s3cr3t", "abc.def-ghi_123", "c2VjcmV0LXBheWxvYWQ")
                .contains("[REDACTED:");
    }

    @Test
    void theLinearPatternsStillCatchWhatTheyCaughtAndAGluedPrefixGoesWithIt() {
        assertThat(RULES.redactText("token eyJhbGciOiJIUzI1NiJ9.abcdefgh.ijk end")).isEqualTo("token [REDACTED:jwt] end");
        assertThat(RULES.redactText("xyzeyJhbGciOiJIUzI1NiJ9.abcdefgh.ijk end")).isEqualTo("[REDACTED:jwt] end");
        assertThat(RULES.redactText("eyJabcde.ab.eyJhbGciOi.payload1.sig")).isEqualTo("eyJabcde.ab.[REDACTED:jwt]");
        assertThat(RULES.redactText("see 1https://u:p4ss@h.example/x")).isEqualTo("see [REDACTED:url-credentials]");
        assertThat(RULES.redactText("a".repeat(40) + "://u:p4ss@h.example/x")).isEqualTo("[REDACTED:url-credentials]");
        assertThat(RULES.redactText("x@@y.com and a.b@c.d.ef")).isEqualTo("x@@y.com and [REDACTED:email]");
        assertThat(RULES.redactText("ghp_" + "a".repeat(36) + "_x")).isEqualTo("ghp_" + "a".repeat(36) + "_x");
        assertThat(RULES.redactText("-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY----- tail"))
                .isEqualTo("[REDACTED:pem-block] tail");
    }

    private static String planted(String text) {
        return text.substring(0, text.length() / 2) + PLANTED + text.substring(text.length() / 2);
    }

    private static void assertLinear(String name, String text) {
        for (Map.Entry<String, Pattern> detector : RULES.detectors().entrySet()) {
            CountedText counted = new CountedText(text, READS_PER_CHARACTER * text.length());
            Matcher matcher = detector.getValue().matcher(counted);
            try {
                while (matcher.find()) {
                    // every match, as replaceAll finds them
                }
            } catch (TooManyReads e) {
                fail("detector '%s' read the %d characters of '%s' more than %d times each: not linear",
                        detector.getKey(), text.length(), name, READS_PER_CHARACTER);
            }
        }
    }

    /** A text that counts the characters a matcher reads, and stops it past a budget. */
    private static final class CountedText implements CharSequence {

        private final String text;
        private final long budget;
        private long reads;

        CountedText(String text, long budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (++reads > budget) {
                throw new TooManyReads();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class TooManyReads extends RuntimeException {
        TooManyReads() {
            super(null, null, false, false);
        }
    }
}
