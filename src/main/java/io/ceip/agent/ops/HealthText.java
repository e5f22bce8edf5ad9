package io.ceip.agent.ops;

/**
 * Text for a health check's message: Camel's {@code /observe/health} writes the message into its JSON as it is, so
 * anything but letters, digits and {@code space . , : / _ - = ( ) +} becomes {@code ?} (no quote, backslash or
 * control character can break the answer or forge a line).
 */
final class HealthText {

    private HealthText() {
    }

    static String plain(String text) {
        if (text == null) {
            return "none";
        }
        StringBuilder plain = new StringBuilder(text.length());
        text.codePoints().forEach(c -> plain.append(c < 128 && (Character.isLetterOrDigit(c)
                || " .,:/_-=()+".indexOf(c) >= 0) ? (char) c : '?'));
        return plain.toString();
    }
}
