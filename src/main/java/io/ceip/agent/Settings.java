package io.ceip.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed access to the agent's {@code ceip.*} properties. Every getter names the key in its error, so a bad value
 * stops the start with a message like {@code ceip.retry.multiplier: 'two' is not a number}.
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;

    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** The trimmed value, or empty when the key is missing or blank. */
    public Optional<String> optional(String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** The trimmed value; a missing or blank key is an error naming it. */
    public String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException(key + " is not set"));
    }

    public Path path(String key) {
        return Path.of(string(key));
    }

    public boolean bool(String key) {
        String value = string(key);
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
    }

    public long number(String key) {
        String value = string(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number", e);
        }
    }

    /** A duration in ISO-8601 ({@code PT30S}) or milliseconds ({@code 30000}). */
    public Duration duration(String key) {
        String value = string(key);
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? Duration.ofMillis(Long.parseLong(value))
                    : Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a duration (PT30S or milliseconds)", e);
        }
    }
}
