package io.ceip.agent.collect;

import io.ceip.agent.store.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The anonymous installation ID: a random UUID (version 4) kept in the file {@code installation-id} under the data
 * directory. It is made by the first report and written when that report is stored for delivery
 * ({@link #persist()}), not before: with consent off, or for a preview, the agent writes nothing. It is never
 * derived from host names, addresses or secrets.
 */
public final class InstallationId {

    private final Path file;
    private volatile UUID id;

    public InstallationId(Path file) {
        this.file = file;
    }

    /** The ID: the stored one, or one made now (in memory until {@link #persist()}). */
    public synchronized UUID get() {
        if (id == null) {
            id = existing().orElseGet(UUID::randomUUID);
        }
        return id;
    }

    /** Writes the ID if it is not stored yet. */
    public synchronized void persist() {
        UUID current = get();
        if (!Files.exists(file)) {
            AtomicFiles.write(file, (current + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The ID if it was already created; never creates it. */
    public Optional<UUID> existing() {
        if (id != null) {
            return Optional.of(id);
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the installation ID " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a UUID; delete it to create a new installation ID", e);
        }
    }

    /** Convenience for one-off use: reads the ID from {@code file}, creating and storing it if absent. */
    public static UUID loadOrCreate(Path file) {
        InstallationId installationId = new InstallationId(file);
        installationId.persist();
        return installationId.get();
    }
}
