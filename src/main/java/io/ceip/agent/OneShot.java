package io.ceip.agent;

import io.ceip.agent.collect.EmbeddedDatabaseFiles;
import io.ceip.agent.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the one-shot commands ({@code preview}, {@code export}, {@code status}, {@code consent}) share: their logs go
 * to stderr at WARN (their own output alone on stdout, no Camel start-up chatter; {@code -Dceip.log.level=DEBUG}
 * shows everything, stack traces included), and {@code preview} writes nothing: the demo database, when its file
 * does not exist yet, is previewed in memory with the same demo data.
 */
final class OneShot {

    /** The in-memory stand-in for a demo database the preview must not create. */
    static final String PREVIEW_DEMO_DATABASE = "jdbc:h2:mem:ceip-preview-demo;DB_CLOSE_DELAY=-1";

    private OneShot() {
    }

    /** Logs to stderr, warnings and errors only, unless {@code ceip.log.level} is set. Call before anything logs. */
    static void quietLogs() {
        System.setProperty("ceip.log.target", "SYSTEM_ERR");
        if (System.getProperty("ceip.log.level") == null) {
            System.setProperty("ceip.log.level", "WARN");
        }
    }

    /**
     * The overrides of a preview: none, or, when the product database is the demo's H2 file (demo data on) and that
     * file does not exist, the demo data in memory instead (opening the file would create it).
     */
    static Map<String, String> previewOverrides(Settings settings) {
        Map<String, String> overrides = new HashMap<>();
        String url = settings.string("ceip.database.url");
        Optional<Path> file = EmbeddedDatabaseFiles.h2File(url);
        if (settings.bool("ceip.database.demo-data") && file.isPresent()
                && !Files.exists(Path.of(file.get() + ".mv.db"))) {
            overrides.put("ceip.database.url", PREVIEW_DEMO_DATABASE);
        }
        return overrides;
    }
}
