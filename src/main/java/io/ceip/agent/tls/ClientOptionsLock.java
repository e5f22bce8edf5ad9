package io.ceip.agent.tls;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the report client's options the agent's alone. camel-main configures a component from
 * {@code camel.component.<name>.*} properties (in any property file, as JVM system properties, or as
 * {@code CAMEL_COMPONENT_<NAME>_*} environment variables), and Camel's global TLS settings from {@code camel.ssl.*}
 * ({@code CAMEL_SSL_*}): through them a setting could hand the HTTP client another trust manager, a hostname
 * verifier that accepts any name, other protocols or a connection manager of its own. The agent sets all of that in
 * Java ({@code EndpointComponent}), so any such setting for the {@code http} or {@code https} component, the
 * customer destination's {@code ceip-customer} component, or for {@code camel.ssl}, stops the start with one line
 * naming it and where it was found (never its value). So does a Camel global option {@code http.*}
 * ({@code camel.main.global-options[http.proxyHost]}): camel-http's endpoints still take their proxy from
 * {@code http.proxyHost}, {@code http.proxyPort} and {@code http.proxyScheme}, whatever {@code ceip.proxy.*} says.
 * A global option is found however camel-main would read it: its binding ignores case and dashes
 * ({@code camel.main.glo-bal-Options[...]}) and unquotes the key ({@code camel.main.globalOptions['http.proxyHost']}),
 * and it reads {@code CAMEL_MAIN_*} environment variables (any case) as {@code camel.main.*} with each {@code _} a
 * dot ({@code CAMEL_MAIN_GLOBALOPTIONS[HTTP_PROXYHOST]}); {@code camel.globalOptions.http.*} is refused as well.
 */
public final class ClientOptionsLock {

    private static final String[] PROPERTY_PREFIXES = { "camel.component.http.", "camel.component.https.",
            "camel.component.ceip-customer.", "camel.component.ceipcustomer.", "camel.ssl." };
    /** Camel's global options {@code http.*}, in the form {@link #globalOption} gives a key. */
    private static final String[] GLOBAL_OPTION_PREFIXES = { "camel.main.globaloptions[http.",
            "camel.globaloptions.http." };
    private static final String[] ENVIRONMENT_PREFIXES = { "CAMEL_COMPONENT_HTTP_", "CAMEL_COMPONENT_HTTPS_",
            "CAMEL_COMPONENT_CEIP_CUSTOMER_", "CAMEL_COMPONENT_CEIPCUSTOMER_", "CAMEL_SSL_" };

    private ClientOptionsLock() {
    }

    /**
     * Checks the agent's properties ({@code key -> where it was read}, e.g. the file), the environment and the JVM
     * system properties; throws an {@link IllegalArgumentException} naming the first forbidden key (in key order).
     */
    public static void check(Map<String, String> properties, Map<String, String> environment,
            Map<String, String> systemProperties) {
        String key = first(properties.keySet(), false);
        if (key != null) {
            throw refused(key, "in " + properties.get(key));
        }
        key = first(systemProperties.keySet(), false);
        if (key != null) {
            throw refused(key, "in the JVM system properties");
        }
        key = first(environment.keySet(), true);
        if (key != null) {
            throw refused(key, "in the environment");
        }
    }

    /** The first key in key order that {@link #refuses}, or null. */
    private static String first(Set<String> keys, boolean environment) {
        String first = null;
        for (String key : keys) {
            if (refuses(key, environment) && (first == null || key.compareTo(first) < 0)) {
                first = key;
            }
        }
        return first;
    }

    /**
     * Whether {@link #check} refuses {@code key}: a property's key, or with {@code environment} an environment
     * variable's name.
     */
    public static boolean refuses(String key, boolean environment) {
        String normalised = environment ? key.toUpperCase(Locale.ROOT) : key.toLowerCase(Locale.ROOT);
        return startsWithAny(normalised, environment ? ENVIRONMENT_PREFIXES : PROPERTY_PREFIXES)
                || startsWithAny(globalOption(key, environment), GLOBAL_OPTION_PREFIXES);
    }

    /**
     * {@code key} as camel-main would bind it, for the global options' check: an environment variable's name as
     * camel-main reads it ({@code _} a dot), lower case, without dashes, quotes or white space.
     */
    static String globalOption(String key, boolean environment) {
        String lower = key.toLowerCase(Locale.ROOT);
        return (environment ? lower.replace('_', '.') : lower).replaceAll("[-'\"\\s]", "");
    }

    private static boolean startsWithAny(String key, String[] prefixes) {
        for (String prefix : prefixes) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static IllegalArgumentException refused(String key, String where) {
        return new IllegalArgumentException(key.replaceAll("\\p{Cntrl}", "?") + " (" + where + ") is refused: the"
                + " agent alone configures its HTTP client and TLS (trust, hostname verification, protocols, ciphers,"
                + " retries, connections); remove this setting");
    }
}
