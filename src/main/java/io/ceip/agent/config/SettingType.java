package io.ceip.agent.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import org.quartz.CronExpression;

/**
 * The type and allowed range of one setting, as written in its definition ({@code #: integer(0..20) | …} in
 * {@code ceip-defaults.properties}): {@code text}, {@code secret} (never shown), {@code sql}, {@code path},
 * {@code url}, {@code boolean}, {@code cron}, {@code integer(MIN..MAX)}, {@code millis(MIN..MAX)} (a whole number of
 * milliseconds), {@code decimal(MIN..MAX)} (finite: no NaN, no Infinity), {@code duration(MIN..MAX)} (ISO-8601 such as
 * {@code PT30S}, or milliseconds; bounds in ISO-8601) and {@code choice(a,b,c)}. A trailing {@code ?} means the value
 * may be empty.
 */
public record SettingType(Kind kind, String min, String max, List<String> choices, boolean optional) {

    /** The kinds of value a setting can hold. */
    public enum Kind { TEXT, SECRET, SQL, PATH, URL, BOOLEAN, CRON, INTEGER, MILLIS, DECIMAL, DURATION, CHOICE }

    /** The longest value any setting takes. */
    static final int MAX_LENGTH = 4096;
    /**
     * A {@code #} after a space in a path or URL: a comment written after the value, which a {@code .properties} file
     * reads as part of the value (a comment there is a line of its own).
     */
    private static final java.util.regex.Pattern COMMENT_AFTER_VALUE = java.util.regex.Pattern.compile("\\s#");
    private static final String COMMENT_AFTER_VALUE_PROBLEM = "has a '#' after a space: in a .properties file a"
            + " comment is a line of its own (starting with #), text after a value is part of the value";

    /** Parses a type as written in a definition, e.g. {@code integer(0..20)} or {@code path?}. */
    public static SettingType parse(String spec) {
        String text = spec.trim();
        boolean optional = text.endsWith("?");
        if (optional) {
            text = text.substring(0, text.length() - 1);
        }
        int open = text.indexOf('(');
        String name = open < 0 ? text : text.substring(0, open);
        Kind kind = Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        if (open < 0) {
            if (kind == Kind.INTEGER || kind == Kind.MILLIS || kind == Kind.DECIMAL || kind == Kind.DURATION
                    || kind == Kind.CHOICE) {
                throw new IllegalArgumentException("type " + spec + " needs its range");
            }
            return new SettingType(kind, null, null, List.of(), optional);
        }
        String inside = text.substring(open + 1, text.lastIndexOf(')'));
        if (kind == Kind.CHOICE) {
            return new SettingType(kind, null, null, List.of(inside.split(",")), optional);
        }
        String[] bounds = inside.split("\\.\\.", 2);
        return new SettingType(kind, bounds[0], bounds[1], List.of(), optional);
    }

    /**
     * Whether a value of this type is shown in messages: only numbers, durations, switches, choices and crons, whose
     * problems are about their form. Text may hold what must not be logged (a password in a JDBC URL, a secret).
     */
    public boolean shown() {
        return switch (kind) {
            case BOOLEAN, CHOICE, CRON, INTEGER, MILLIS, DECIMAL, DURATION -> true;
            default -> false;
        };
    }

    /**
     * The marks and embeddings that reorder text (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069): a value
     * holding one is refused, as a control character is, since a value may be logged (a node's name), shown
     * ({@code status}, {@code preview}) or sent: a right-to-left override (U+202E) turned the rest of a log line
     * around.
     */
    static boolean bidirectionalControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** What is wrong with {@code value} (already trimmed), or empty when it is a value of this type. */
    public Optional<String> problem(String value) {
        if (value.isEmpty()) {
            return optional ? Optional.empty() : Optional.of("must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) { // C0, DEL and C1 (U+0085 ends a line too)
            return Optional.of("holds a control character");
        }
        if (value.chars().anyMatch(c -> c == '\u2028' || c == '\u2029')) { // a value may be logged (a node's name)
            return Optional.of("holds a line or paragraph separator");
        }
        int bidi = value.chars().filter(SettingType::bidirectionalControl).findFirst().orElse(-1);
        if (bidi >= 0) { // logged or shown, it reorders what the line after it reads as
            return Optional.of("holds a bidirectional control character (U+" + String.format("%04X", bidi) + ")");
        }
        return switch (kind) {
            case TEXT, SECRET, SQL -> Optional.empty();
            case PATH -> COMMENT_AFTER_VALUE.matcher(value).find() ? Optional.of(COMMENT_AFTER_VALUE_PROBLEM)
                    : Optional.empty();
            case URL -> COMMENT_AFTER_VALUE.matcher(value).find() ? Optional.of(COMMENT_AFTER_VALUE_PROBLEM)
                    : value.chars().anyMatch(Character::isWhitespace) ? Optional.of("holds a space")
                    : Optional.empty();
            case BOOLEAN -> value.equals("true") || value.equals("false") ? Optional.empty()
                    : Optional.of("is not true or false");
            case CHOICE -> choices.contains(value) ? Optional.empty()
                    : Optional.of("is not one of " + String.join(", ", choices));
            case CRON -> cronProblem(value);
            case INTEGER, MILLIS -> wholeNumberProblem(value);
            case DECIMAL -> decimalProblem(value);
            case DURATION -> durationProblem(value);
        };
    }

    /** A duration value: ISO-8601 ({@code PT30S}) or a whole number of milliseconds. */
    public static Duration duration(String value) {
        return value.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(value))
                : Duration.parse(value);
    }

    private Optional<String> wholeNumberProblem(String value) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Optional.of("is not a whole number");
        }
        return number < Long.parseLong(min) || number > Long.parseLong(max)
                ? Optional.of("is out of range " + min + ".." + max) : Optional.empty();
    }

    private Optional<String> decimalProblem(String value) {
        BigDecimal number;
        try {
            // BigDecimal, not Double.parseDouble: NaN, Infinity, 1d and hexadecimal are no numbers here
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return Optional.of("is not a decimal number");
        }
        return number.compareTo(new BigDecimal(min)) < 0 || number.compareTo(new BigDecimal(max)) > 0
                ? Optional.of("is out of range " + min + ".." + max) : Optional.empty();
    }

    private Optional<String> durationProblem(String value) {
        Duration duration;
        try {
            duration = duration(value);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.of("is not a duration (PT30S, or milliseconds)");
        }
        return duration.compareTo(Duration.parse(min)) < 0 || duration.compareTo(Duration.parse(max)) > 0
                ? Optional.of("is out of range " + min + ".." + max) : Optional.empty();
    }

    private static Optional<String> cronProblem(String value) {
        try {
            CronExpression.validateExpression(value);
            if (new CronExpression(value).getNextValidTimeAfter(new java.util.Date()) == null) {
                return Optional.of("never fires (no time from now on matches it)");
            }
            return Optional.empty();
        } catch (java.text.ParseException e) {
            return Optional.of("is not a Quartz cron expression (" + e.getMessage() + ")");
        }
    }
}
