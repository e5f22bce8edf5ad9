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
 * shows everything, stack traces included), and {@code preview} writes nothing: an embedded H2 product database is
 * opened read-only, and the demo database, when its file does not exist yet, is previewed in memory with the same
 * demo data; {@code preview} and {@code export} change no file that is already in the data directory.
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
     * The overrides of a command that must leave the data directory as it is ({@code preview}, {@code export}): when
     * the product database is an embedded H2 file, it is opened read-only ({@link EmbeddedDatabaseFiles#readOnly}: not
     * even its modification time changes); when it is the demo's (demo data on) and its file does not exist yet, the
     * demo data in memory instead (opening the file would create it). Other databases: no override.
     */
    static Map<String, String> previewOverrides(Settings settings) {
        Map<String, String> overrides = new HashMap<>();
        String url = settings.string("ceip.database.url");
        Optional<Path> file = EmbeddedDatabaseFiles.h2File(url);
        if (file.isEmpty()) {
            return overrides;
        }
        if (settings.bool("ceip.database.demo-data") && !Files.exists(Path.of(file.get() + ".mv.db"))) {
            overrides.put("ceip.database.url", PREVIEW_DEMO_DATABASE);
        } else {
            overrides.put("ceip.database.url", EmbeddedDatabaseFiles.readOnly(url,
                    settings.path("ceip.data.directory")));
        }
        return overrides;
    }

    /**
     * The overrides of {@code preview} and {@code export}: {@link AgentCommand#ONE_SHOT}, and the product database's
     * ({@link #previewOverrides}); logs quiet ({@link #quietLogs}). A bad setting is the start's one line.
     */
    static Map<String, String> readingOnly() {
        quietLogs(); // before the settings are read: their check may log
        Map<String, String> overrides = new HashMap<>(AgentCommand.ONE_SHOT);
        overrides.putAll(previewOverrides(AgentSettings.load(AgentCommand.ONE_SHOT).settings()));
        return overrides;
    }

    /** Whether {@code overrides} count the demo data in memory ({@link #previewOverrides}). */
    static boolean demoInMemory(Map<String, String> overrides) {
        return PREVIEW_DEMO_DATABASE.equals(overrides.get("ceip.database.url"));
    }
}
