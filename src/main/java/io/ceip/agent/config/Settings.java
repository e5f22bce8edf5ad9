package io.ceip.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed access to the agent's {@code ceip.*} properties. Every getter names the key in its error, so a bad value
 * stops the start with a message like {@code ceip.retry.multiplier: 'two' is not a number}. A value written with a
 * placeholder ({@code {{env:PROXY_PASSWORD}}}, {@code {{ceip.endpoint.token}}}) is quoted as written, never as it
 * resolves: that may be a secret ({@link #quoted}).
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;
    private final Map<String, String> placeholders;

    /** Settings whose values hold no placeholder, or whose messages may quote what the placeholders resolve to. */
    public Settings(Function<String, Optional<String>> lookup) {
        this(lookup, Map.of());
    }

    /**
     * @param lookup a key's value, placeholders resolved
     * @param placeholders each key whose value as written holds a placeholder, to that text (what messages quote)
     */
    public Settings(Function<String, Optional<String>> lookup, Map<String, String> placeholders) {
        this.lookup = lookup;
        this.placeholders = Map.copyOf(placeholders);
    }

    /**
     * How a message quotes a value: {@code 'resolved'}, or, when the value was written with a placeholder, that text
     * ({@code '{{env:PROXY_PASSWORD}}', once resolved,}): what a placeholder resolves to may be a secret.
     */
    public static String quoted(String resolved, Optional<String> written) {
        return written.filter(text -> text.contains("{{")).map(text -> "'" + text + "', once resolved,")
                .orElse("'" + resolved + "'");
    }

    private String quoted(String key, String resolved) {
        return quoted(resolved, Optional.ofNullable(placeholders.get(key)));
    }

    /**
     * The values set for the catalog's {@code secret} settings (the endpoint and customer tokens, the proxy and
     * database passwords, the key-store passwords): what the agent must never show, even when another party echoes it.
     */
    public List<String> secretValues() {
        return SettingCatalog.embedded().all().stream()
                .filter(definition -> definition.type().kind() == SettingType.Kind.SECRET)
                .map(definition -> optional(definition.key())).flatMap(Optional::stream).distinct().toList();
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
        throw new IllegalArgumentException(key + ": " + quoted(key, value) + " is not true or false");
    }

    public long number(String key) {
        String value = string(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": " + quoted(key, value) + " is not a whole number", e);
        }
    }

    /**
     * The report endpoint: an absolute {@code https://} URL (or {@code http://} when {@code allowPlainHttp}) made of
     * scheme, host, optional port (1-65535) and a path of letters, digits and {@code / . - _ ~} only; nothing else.
     * A URL with user info, a query string (which the HTTP component would read as its own options, such as
     * {@code sslContextParameters} or {@code x509HostnameVerifier}) or a fragment is refused. The answer is rebuilt
     * from those validated parts alone. The endpoint is made by the first send, so a bad URL must stop the start
     * instead; the error names the key and shows the URL without user info, query or fragment (they may carry
     * credentials).
     */
    public URI endpointUrl(String key, boolean allowPlainHttp) {
        String value = string(key);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw endpointError(key, value, "is not an https:// URL with a host");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean plain = "http".equalsIgnoreCase(uri.getScheme());
        if (!(https || plain && allowPlainHttp) || uri.getHost() == null) {
            throw endpointError(key, value, "is not an https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw endpointError(key, value, "has user info: the endpoint is scheme, host, port and path only");
        }
        if (uri.getRawQuery() != null) {
            throw endpointError(key, value, "has a query string: the endpoint is scheme, host, port and path only"
                    + " (the agent alone sets the HTTP client's options)");
        }
        if (uri.getRawFragment() != null) {
            throw endpointError(key, value, "has a fragment: the endpoint is scheme, host, port and path only");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw endpointError(key, value, "has a port outside 1-65535");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.matches("(/[A-Za-z0-9._~-]*)*")) {
            throw endpointError(key, value, "has a path with characters other than letters, digits and / . - _ ~");
        }
        try {
            return new URI(https ? "https" : "http", null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw endpointError(key, value, "is not an https:// URL with a host");
        }
    }

    private IllegalArgumentException endpointError(String key, String value, String what) {
        String written = placeholders.get(key);
        String shown = written == null ? "'" + withoutSecrets(value) + "'"
                : written.matches("[^@?#]*") ? quoted(value, Optional.of(written)) // no user info, query or fragment
                : "its value, once resolved,";
        return new IllegalArgumentException(key + ": " + shown + " " + what);
    }

    /**
     * Scheme, host, port and path of a URL, the path as written (percent-encoded, so on one line): user info, query
     * and fragment are dropped (they may carry credentials).
     */
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
            return shown.append(uri.getRawPath() == null ? "" : uri.getRawPath()).toString();
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
            throw new IllegalArgumentException(key + ": " + quoted(key, value) + " is not a duration (PT30S or"
                    + " milliseconds)", e);
        }
    }
}
