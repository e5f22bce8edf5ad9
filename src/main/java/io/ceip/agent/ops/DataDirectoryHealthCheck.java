package io.ceip.agent.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the data directory (or, before the first report created it, its nearest existing parent) is a
 * writable directory. It checks permissions without writing anything.
 */
public final class DataDirectoryHealthCheck extends AbstractHealthCheck {

    private final Path directory;

    public DataDirectoryHealthCheck(Path directory) {
        super("ceip", "data-directory");
        this.directory = directory.toAbsolutePath();
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
        if (existing != null && Files.isDirectory(existing) && Files.isWritable(existing)) {
            builder.up();
        } else {
            builder.message("data directory " + directory + " is not writable").down();
        }
    }
}
