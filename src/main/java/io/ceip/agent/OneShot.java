package io.ceip.agent;

import io.ceip.agent.collect.EmbeddedDatabaseFiles;
import io.ceip.agent.config.Settings;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    /** The same, for a demo database the running agent holds (H2 lets one process open a file). */
    static final String PREVIEW_DEMO_IN_USE = "jdbc:h2:mem:ceip-preview-demo-in-use;DB_CLOSE_DELAY=-1";

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
     * demo data in memory instead (opening the file would create it), as when the running agent holds the file (the
     * preview beside it would show the database unavailable). Other databases: no override.
     */
    static Map<String, String> previewOverrides(Settings settings) {
        Map<String, String> overrides = new HashMap<>();
        String url = settings.string("ceip.database.url");
        Optional<Path> file = EmbeddedDatabaseFiles.h2File(url);
        if (file.isEmpty()) {
            return overrides;
        }
        Path demo = Path.of(file.get() + ".mv.db");
        if (settings.bool("ceip.database.demo-data") && !Files.exists(demo)) {
            overrides.put("ceip.database.url", PREVIEW_DEMO_DATABASE);
        } else if (settings.bool("ceip.database.demo-data") && heldByAnother(demo)) {
            overrides.put("ceip.database.url", PREVIEW_DEMO_IN_USE);
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

    /** Why {@code overrides} count the demo data in memory ({@link #previewOverrides}), for stderr; null when not. */
    static String demoInMemory(Map<String, String> overrides) {
        String url = overrides.get("ceip.database.url");
        return PREVIEW_DEMO_DATABASE.equals(url) ? "the demo database does not exist yet: its demo data was counted in"
                + " memory (a preview creates no file); the first report creates it"
                : PREVIEW_DEMO_IN_USE.equals(url) ? "the demo database is in use by the running agent (H2 lets one"
                + " process open it): its demo data was counted in memory" : null;
    }

    /**
     * Whether another process holds {@code file} as H2 does for writing (an exclusive lock on the whole file): a
     * shared lock is refused. The file is opened for reading only: nothing of it changes.
     */
    static boolean heldByAnother(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock != null) {
                lock.release();
            }
            return lock == null;
        } catch (IOException | RuntimeException e) {
            return false; // the read-only open says what is wrong with the file
        }
    }
}
