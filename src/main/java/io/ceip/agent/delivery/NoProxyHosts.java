package io.ceip.agent.delivery;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code ceip.proxy.no-proxy} as camel-http reads it. camel-http matches an entry exactly, or as a pattern when it
 * holds {@code *}; the documented {@code .internal.example} (every host of that domain) matched nothing. An entry
 * {@code .domain} becomes {@code domain} and {@code *.domain}; a host, an IPv4 or IPv6 address, or {@code *.domain} is
 * kept as written. Any other entry (another wildcard, a port, a URL) stops the start in one line: camel-http would
 * read it as a pattern or never match it.
 */
public final class NoProxyHosts {

    private static final Pattern ENTRY = Pattern.compile(
            "(\\*\\.|\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|[0-9A-Fa-f:]{2,39}");

    private NoProxyHosts() {
    }

    /** The comma-separated entries camel-http is given for {@code setting} (its value, comma-separated). */
    public static String forCamel(String setting) {
        Set<String> entries = new LinkedHashSet<>();
        for (String written : setting.split(",")) {
            String entry = written.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("ceip.proxy.no-proxy: an entry is neither a host, an address nor"
                        + " .domain (or *.domain) for every host of a domain: '"
                        + (entry.length() > 40 ? entry.substring(0, 40) + "…" : entry).replaceAll("[^\\x21-\\x7e]", "?")
                        + "'");
            }
            if (entry.startsWith(".")) {
                entries.add(entry.substring(1));
                entries.add("*" + entry);
            } else {
                entries.add(entry);
            }
        }
        return String.join(",", entries);
    }
}
