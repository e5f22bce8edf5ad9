package io.ceip.agent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Values as files of one line under a directory, named after the value, written atomically ({@link AtomicFiles})
 * and readable by the owner only. The directory is made on the first write.
 */
public final class FileStateStore implements StateStore {

    private final Path directory;

    public FileStateStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<String> get(String name) {
        Path file = directory.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public synchronized String putIfAbsent(String name, String value) {
        Optional<String> stored = get(name);
        if (stored.isPresent()) {
            return stored.get();
        }
        put(name, value);
        return value;
    }

    @Override
    public void put(String name, String value) {
        Path file = directory.resolve(name);
        AtomicFiles.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system
        }
    }

    @Override
    public String where(String name) {
        return directory.resolve(name).toString();
    }
}
