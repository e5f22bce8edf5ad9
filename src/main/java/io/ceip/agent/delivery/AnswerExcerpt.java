package io.ceip.agent.delivery;

import io.ceip.agent.privacy.RedactionRules;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the agent keeps of a collector's answer (in a log line, in a dead letter's metadata): redacted, escaped, cut.
 * <ol>
 * <li>At most {@link AnswerLimit#MAX_BYTES} characters are considered; an answer that may have been cut there loses
 * its last, possibly partial, word (a secret cut in two would escape the detectors);</li>
 * <li>the rest has the agent's own secrets (the values of its {@code secret} settings: tokens, proxy and database
 * passwords, as written, URL-encoded or JSON-escaped) replaced by {@value #SECRET}, whatever is around them (a
 * collector or a proxy may echo a token, with no {@code Bearer} in front for a detector to see), then is redacted with
 * the agent's {@link RedactionRules} (what a detector finds becomes {@code [REDACTED:<kind>]});</li>
 * <li>then escaped, so that it is one line of plain text: a backslash becomes {@code \\}, line feed, carriage return
 * and tab {@code \n}, {@code \r}, {@code \t}, and every other control or invisible formatting character (ANSI
 * escapes, NUL, DEL, C1 controls, line and paragraph separators, bidirectional overrides, zero-width characters,
 * lone surrogates) {@code \}{@code uXXXX};</li>
 * <li>and cut at a character boundary to at most {@code maxBytes} bytes of UTF-8, ending with {@value #CUT} when
 * something was left out.</li>
 * </ol>
 */
public final class AnswerExcerpt {

    /** The end of an excerpt that left something out. */
    public static final String CUT = " [cut]";

    /** What replaces one of the agent's own secrets. */
    public static final String SECRET = "[REDACTED:secret]";

    private final RedactionRules rules;
    /** The secrets and their encoded forms, longest first (a secret holding another is replaced whole). */
    private final List<String> secrets;

    /** @param secrets the agent's own secrets ({@code Settings.secretValues}); empty ones are ignored */
    public AnswerExcerpt(RedactionRules rules, Collection<String> secrets) {
        this.rules = rules;
        this.secrets = secrets.stream().filter(secret -> !secret.isEmpty()).flatMap(AnswerExcerpt::forms)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * A secret as an answer may echo it: as written; URL-encoded (a space as {@code +} or {@code %20}, hex digits in
     * either case); JSON-escaped (a slash as is, backslash-escaped, or as its JSON unicode escape).
     */
    static Stream<String> forms(String secret) {
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String json = secret.replace("\\", "\\\\").replace("\"", "\\\"");
        return Stream.of(secret, url, url.replace("+", "%20"), lowerHex(url), lowerHex(url.replace("+", "%20")), json,
                json.replace("/", "\\/"), json.replace("/", "\\u002f"), json.replace("/", "\\u002F"));
    }

    private static String lowerHex(String encoded) {
        return java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(encoded)
                .replaceAll(match -> match.group().toLowerCase(java.util.Locale.ROOT));
    }

    private String withoutSecrets(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, SECRET);
        }
        return out;
    }

    /**
     * What a log line shows of the answer carried by {@code failure}: {@code : "<excerpt>"} of at most
     * {@value DeliverySteps#LOG_EXCERPT_BYTES} bytes (one line, never a forged one), or nothing.
     */
    String forLog(Throwable failure) {
        String answer = failure instanceof org.apache.camel.http.base.HttpOperationFailedException http
                ? of(http.getResponseBody(), DeliverySteps.LOG_EXCERPT_BYTES) : null;
        return answer == null ? "" : ": \"" + answer + "\"";
    }

    /** The excerpt of {@code answer} in at most {@code maxBytes} bytes of UTF-8, or null for no answer. */
    public String of(String answer, int maxBytes) {
        if (answer == null || answer.isEmpty()) {
            return null;
        }
        String text = answer.length() > AnswerLimit.MAX_BYTES ? answer.substring(0, AnswerLimit.MAX_BYTES) : answer;
        boolean cut = text.length() < answer.length()
                || text.getBytes(StandardCharsets.UTF_8).length >= AnswerLimit.MAX_BYTES;
        String redacted = rules.redactText(withoutSecrets(cut ? withoutLastWord(text) : text));
        StringBuilder out = new StringBuilder();
        if (!cut && appendEscaped(redacted, out, maxBytes)) {
            return out.toString();
        }
        out.setLength(0);
        appendEscaped(redacted, out, maxBytes - CUT.length());
        return out.isEmpty() ? CUT.strip() : out + CUT;
    }

    /** {@code text} as one line of printable text (see the class comment). */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendEscaped(text, out, Integer.MAX_VALUE);
        return out.toString();
    }

    /**
     * Appends {@code text} escaped, character by character, while it fits in {@code maxBytes} bytes of UTF-8; an
     * escape is never split. True when all of it fitted.
     */
    private static boolean appendEscaped(String text, StringBuilder out, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            String escape = switch (codePoint) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> isInvisible(codePoint) ? String.format("\\u%04x", codePoint) : null;
            };
            int size = escape != null ? escape.length()
                    : codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return false;
            }
            bytes += size;
            if (escape != null) {
                out.append(escape);
            } else {
                out.appendCodePoint(codePoint);
            }
        }
        return true;
    }

    private static boolean isInvisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /** {@code text} without its last run of characters that are neither blank nor control characters. */
    private static String withoutLastWord(String text) {
        int end = text.length();
        while (end > 0 && !Character.isWhitespace(text.charAt(end - 1)) && !Character.isISOControl(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
