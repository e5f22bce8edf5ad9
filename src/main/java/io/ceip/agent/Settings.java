package io.ceip.agent;

import java.net.URI;
import java.net.URISyntaxException;
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

    /**
     * An absolute {@code https://} URL with a host. The endpoint is made by the first send, so a typo must stop the
     * start instead; the error shows the URL without user info or query (they may carry credentials).
     */
    public URI httpsUrl(String key) {
        String value = string(key);
        try {
            URI uri = new URI(value);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, without the value's secrets
        }
        throw new IllegalArgumentException(key + ": '" + withoutSecrets(value)
                + "' is not an https:// URL with a host");
    }

    /** Scheme, host, port and path of a URL: user info and query are dropped (they may carry credentials). */
    public static String withoutSecrets(String url) {
        try {
            URI uri = URI.create(url);
            StringBuilder shown = new StringBuilder();
            if (uri.getScheme() != null) {
                shown.append(uri.getScheme()).append(':');
            }
            if (uri.getHost() != null) {
                shown.append("//").append(uri.getHost()).append(uri.getPort() < 0 ? "" : ":" + uri.getPort());
            }
            return shown.append(uri.getPath() == null ? "" : uri.getPath()).toString();
        } catch (IllegalArgumentException e) {
            return "(an invalid URL)";
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
