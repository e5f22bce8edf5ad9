package io.ceip.agent.privacy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A product version as far as consent is concerned: its major and minor numbers. A version is at most 64
 * characters: {@code MAJOR[.MINOR[.PATCH…]]} (each 1 to 9 digits, a missing minor is 0), then optionally a suffix
 * of letters, digits, {@code .}, {@code +}, {@code -} and {@code _} after one of {@code - + _}
 * ({@code 1.4.2}, {@code 2.0}, {@code 7}, {@code 1.4.2-SNAPSHOT}, {@code 3.1+build.7}, {@code 1.8.0_292}). Anything else (empty, blank,
 * longer, other characters, a leading letter) is not a version: {@link #parse} answers empty, and a consent bound
 * to a version cannot be shown to cover it.
 */
public record ProductVersion(int major, int minor, String text) {

    private static final int MAX_LENGTH = 64;
    private static final Pattern VERSION = Pattern.compile(
            "(\\d{1,9})(?:\\.(\\d{1,9})(?:\\.\\d{1,9})*)?(?:[-+_][0-9A-Za-z.+_-]*)?");

    /** The version in {@code text}, or empty when it is not one (null included). */
    public static Optional<ProductVersion> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = VERSION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ProductVersion(Integer.parseInt(matcher.group(1)),
                matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2)), text));
    }

    /** True when both have the same major and minor numbers (a patch or suffix differs freely). */
    public boolean sameRelease(ProductVersion other) {
        return major == other.major && minor == other.minor;
    }

    /** {@code MAJOR.MINOR}, as shown in consent sources. */
    public String release() {
        return major + "." + minor;
    }
}
