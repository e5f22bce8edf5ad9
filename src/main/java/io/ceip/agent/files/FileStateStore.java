package io.ceip.agent.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Values as files of one line under a directory, named after the value, written atomically ({@link AtomicFiles}),
 * {@code 0600} from their creation (the directory {@code 0700}). The directory is made on the first write. A value is
 * read only from a regular file of at most 4 KiB, never through a link: anything else at its name is an error naming
 * the file.
 */
public final class FileStateStore implements StateStore {

    private static final long MAX_BYTES = 4096;

    private final Path directory;

    public FileStateStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<String> get(String name) {
        Path file = directory.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(OwnerOnlyFiles.read(file, MAX_BYTES), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + e.getMessage(), e);
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
    public synchronized String replace(String name, String expected, String value) {
        Optional<String> stored = get(name);
        if (stored.isPresent() && !stored.get().equals(expected)) {
            return stored.get();
        }
        put(name, value);
        return value;
    }

    @Override
    public void put(String name, String value) {
        AtomicFiles.write(directory.resolve(name), (value + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String where(String name) {
        return directory.resolve(name).toString();
    }
}
