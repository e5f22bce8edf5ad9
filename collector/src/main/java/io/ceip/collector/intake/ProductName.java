package io.ceip.collector.intake;

import java.util.Optional;

/**
 * The agent's rule for {@code ceip.product.name} (its {@code SettingType}), kept the same here: it refuses a name that
 * is empty, longer than {@value #MAX_LENGTH} characters, or holds a control character (C0, DEL, C1), a line or
 * paragraph separator (U+2028, U+2029) or a bidirectional control (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
 * U+2069). A product of the tokens file named so never matches a report: every one of them would be refused.
 */
final class ProductName {

    static final int MAX_LENGTH = 4096;

    private ProductName() {
    }

    /** What is wrong with {@code name} (already trimmed), or empty when an agent can send it. */
    static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("holds a control character");
        }
        if (name.chars().anyMatch(c -> c == '\u2028' || c == '\u2029')) {
            return Optional.of("holds a line or paragraph separator");
        }
        int bidi = name.chars().filter(ProductName::bidirectional).findFirst().orElse(-1);
        return bidi < 0 ? Optional.empty()
                : Optional.of("holds a bidirectional control character (U+" + String.format("%04X", bidi) + ")");
    }

    /** {@code text} with each character {@link #problem} refuses as {@code ?}: fit for a log line. */
    static String shown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(unsendable(c) ? '?' : (char) c));
        return out.toString();
    }

    static boolean unsendable(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || bidirectional(c);
    }

    private static boolean bidirectional(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
