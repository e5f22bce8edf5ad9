package io.ceip.agent.collect;

import io.ceip.agent.store.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The anonymous installation ID: a random UUID (version 4) created on first start and kept in the file
 * {@code installation-id} under the data directory. It is never derived from host names, addresses or secrets.
 */
public final class InstallationId {

    private InstallationId() {
    }

    /** Reads the ID from {@code file}, creating it on first use. A file that holds no UUID is an error naming it. */
    public static UUID loadOrCreate(Path file) {
        if (Files.exists(file)) {
            try {
                return UUID.fromString(Files.readString(file, StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the installation ID " + file, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + " does not hold a UUID; delete it to create a new installation ID", e);
            }
        }
        UUID id = UUID.randomUUID();
        AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
        return id;
    }
}
