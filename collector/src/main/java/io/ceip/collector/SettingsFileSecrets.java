package io.ceip.collector;

import io.ceip.collector.files.OwnerOnly;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's secrets in a settings file that other users can read: a fleet token of its own
 * ({@code collector.fleet.token}, not the demo's public one: it opens the fleet view) and the database's password
 * ({@code collector.store.password}, when not empty). One WARN line at start naming the file and the keys, never a
 * value, as for a private key other users can read ({@link OwnerOnly#readableByOthers}); the start goes on.
 */
final class SettingsFileSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsFileSecrets.class);

    private SettingsFileSecrets() {
    }

    /** Warns, in one line, when {@code file} (whose values are {@code read}) holds a secret and others can read it. */
    static void warnIfReadableByOthers(Path file, Properties read) {
        List<String> secrets = new ArrayList<>();
        String fleetToken = read.getProperty("collector.fleet.token", "").strip();
        if (!fleetToken.isEmpty() && !fleetToken.equals(DemoTokens.FLEET)) {
            secrets.add("collector.fleet.token");
        }
        if (!read.getProperty("collector.store.password", "").isBlank()) {
            secrets.add("collector.store.password");
        }
        if (!secrets.isEmpty() && OwnerOnly.readableByOthers(file)) {
            LOG.warn("collector.config: {} can be read by other users than its owner and holds {}: make it owner-only"
                    + " (chmod 600), owned by the collector's user{}", file.toAbsolutePath(), String.join(" and ",
                    secrets), secrets.contains("collector.fleet.token") ? " (the fleet token may come from "
                    + FleetToken.ENVIRONMENT + " instead)" : "");
        }
    }
}
