package io.ceip.agent.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the data directory (or, before the first report created it, its nearest existing parent) is a
 * writable directory (a failed write of the store is {@link StoreHealthCheck}'s). It checks permissions without writing
 * anything; the message names the setting and the reason (the path is the check's {@code directory} detail). The
 * same check watches the dead-letter store's directory where it is set outside the data directory.
 */
public final class DataDirectoryHealthCheck extends AbstractHealthCheck {

    private final Path directory;
    private final String what;

    /** The data directory's check, {@code data-directory}. */
    public DataDirectoryHealthCheck(Path directory) {
        this("data-directory", "the data directory (ceip.data.directory)", directory);
    }

    /** The check {@code id} of {@code directory}, which the message calls {@code what} (naming its setting). */
    public DataDirectoryHealthCheck(String id, String what, Path directory) {
        super("ceip", id);
        this.directory = directory.toAbsolutePath();
        this.what = what;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        builder.detail("directory", directory.toString());
        String reason = existing == null ? "none of its parents exists"
                : !Files.isDirectory(existing) ? (existing.equals(directory) ? "it is not a directory"
                        : "a parent of it is not a directory")
                : !Files.isWritable(existing) ? "the agent's user may not write " + (existing.equals(directory) ? "it"
                        : "its nearest existing parent")
                : null;
        if (reason == null) {
            builder.up();
        } else {
            // the reason, not the path: Camel's /observe/health escapes a '/' of a message twice (shown as \/)
            builder.message(what + " is not writable: " + reason).down();
        }
    }
}
