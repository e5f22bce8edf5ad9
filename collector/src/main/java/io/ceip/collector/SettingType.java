package io.ceip.collector;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of one setting, as its {@code #: type | meaning} line in {@code collector-defaults.properties} writes it:
 * a kind ({@code text}, {@code path}, {@code host}, {@code host:port,...}, {@code jdbc url}, {@code kafka name},
 * {@code boolean}, alternatives such as {@code single|kafka}, or a number's unit: {@code port}, {@code bytes},
 * {@code count}, {@code seconds}, {@code ms}, {@code days}, {@code months}) and, for a number, its range in
 * parentheses ({@code bytes(1KiB..64MiB)}).
 */
final class SettingType {

    private static final Pattern DEFINITION = Pattern.compile("([^(]+?)(?:\\((\\S+)\\.\\.(\\S+)\\))?");
    private static final Pattern BOUND = Pattern.compile("(\\d+)(KiB|MiB)?");
    private static final List<String> NUMBERS = List.of("port", "bytes", "count", "seconds", "ms", "days", "months");
    private static final Pattern KAFKA_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HOST = Pattern.compile("[^\\s/?#@]+");

    private final String kind;
    private final long min;
    private final long max;

    private SettingType(String kind, long min, long max) {
        this.kind = kind;
        this.min = min;
        this.max = max;
    }

    /** @throws IllegalStateException when {@code type} is not one this class reads (a mistake in the defaults) */
    static SettingType of(String type) {
        Matcher matcher = DEFINITION.matcher(type.trim());
        if (!matcher.matches()) {
            throw new IllegalStateException("type '" + type + "' of collector-defaults.properties");
        }
        String kind = matcher.group(1).trim();
        if (NUMBERS.contains(kind) != (matcher.group(2) != null)) {
            throw new IllegalStateException("type '" + type + "': a number has a range (unit(min..max)), nothing else");
        }
        return matcher.group(2) == null ? new SettingType(kind, 0, 0)
                : new SettingType(kind, bound(matcher.group(2), type), bound(matcher.group(3), type));
    }

    private static long bound(String text, String type) {
        Matcher matcher = BOUND.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalStateException("type '" + type + "': bound '" + text + "'");
        }
        long unit = matcher.group(2) == null ? 1 : matcher.group(2).equals("KiB") ? 1024 : 1024 * 1024;
        return Long.parseLong(matcher.group(1)) * unit;
    }

    boolean number() {
        return NUMBERS.contains(kind);
    }

    long min() {
        return min;
    }

    long max() {
        return max;
    }

    /** What is wrong with {@code value} (already trimmed), or null when it is one of this type. */
    String problem(String value) {
        if (number()) {
            try {
                long number = Long.parseLong(value);
                return number < min || number > max ? number + " is outside " + min + ".." + max : null;
            } catch (NumberFormatException e) {
                return "'" + value + "' is not a whole number (" + kind + ", " + min + ".." + max + ")";
            }
        }
        switch (kind) {
            case "boolean":
                return value.equals("true") || value.equals("false") ? null : "'" + value + "' is not true or false";
            case "host":
                return HOST.matcher(value).matches() ? null : "'" + value + "' is not a host name or address";
            case "host:port,...":
                for (String server : value.split(",", -1)) {
                    int colon = server.trim().lastIndexOf(':');
                    if (colon < 1 || !HOST.matcher(server.trim().substring(0, colon)).matches()
                            || SettingType.of("port(1..65535)").problem(server.trim().substring(colon + 1)) != null) {
                        return "'" + server.trim() + "' is not host:port";
                    }
                }
                return null;
            case "jdbc url":
                // a path with a blank is a valid H2 URL (collector.data-dir=/srv/ceip collector); a comment after
                // the value (" #") is refused for every setting
                return value.startsWith("jdbc:") ? null
                        : "not a JDBC URL (jdbc:h2:file:... or jdbc:postgresql://host:5432/ceip)";
            case "kafka name":
                return KAFKA_NAME.matcher(value).matches() ? null
                        : "'" + value + "' is not a Kafka name (1 to 249 letters, digits, '.', '_' or '-')";
            case "text":
            case "path":
                return null;
            default:
                List<String> alternatives = List.of(kind.split("\\|"));
                if (alternatives.size() < 2) {
                    throw new IllegalStateException("type '" + kind + "' of collector-defaults.properties");
                }
                return alternatives.contains(value) ? null : "'" + value + "' is neither " + String.join(" nor ",
                        alternatives);
        }
    }
}
