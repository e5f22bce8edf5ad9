package io.ceip.agent.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values as files of one line under a directory, named after the value, written atomically ({@link AtomicFiles}),
 * {@code 0600} from their creation (the directory {@code 0700}). The directory is made on the first write. A value is
 * read only from a regular file of at most 4 KiB, never through a link: anything else at its name (a link to a file
 * or a directory, a dangling link, a directory, a fifo, a bigger file, one the agent may not read) is an
 * {@link UnusableEntryException} naming the file and what is wrong; it is never opened. Whatever writes that value
 * next first sets such an entry aside: it is renamed {@code <name>}{@value #ASIDE}{@code <UTC time>} beside it (a link
 * itself, its target untouched; nothing deleted), with one INFO line, and the new value takes its place; so does
 * {@link #replace} with the damaged value it was given.
 */
public final class FileStateStore implements StateStore {

    /** What a set-aside entry's name holds between the value's name and its time ({@code installation-id.unusable-…}). */
    public static final String ASIDE = ".unusable-";

    private static final long MAX_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_ASIDE_TRIES = 100;

    private final Path directory;

    public FileStateStore(Path directory) {
        this.directory = directory;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnusableEntryException when the entry can never be read as a value (see the class)
     * @throws UncheckedIOException when the read failed otherwise
     */
    @Override
    public Optional<String> get(String name) {
        Path file = directory.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) { // a parent not a directory too: the data directory's
            return Optional.empty();                          // own health check names it
        }
        try {
            String problem = problem(file);
            if (problem != null) {
                throw new UnusableEntryException(OwnerOnlyFiles.shown(file), problem, null);
            }
            return Optional.of(new String(OwnerOnlyFiles.read(file, MAX_BYTES), StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (AccessDeniedException denied) {
            throw new UnusableEntryException(OwnerOnlyFiles.shown(file), "not readable by the agent's user", denied);
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

    /** {@inheritDoc} A damaged entry (the expected value, or {@link #UNUSABLE}) is set aside first, never deleted. */
    @Override
    public synchronized String replace(String name, String expected, String value) {
        Optional<String> stored;
        try {
            stored = get(name);
        } catch (UnusableEntryException e) {
            stored = Optional.of(UNUSABLE);
        }
        if (stored.isPresent() && !stored.get().equals(expected)) {
            return stored.get();
        }
        if (stored.isPresent()) {
            setAside(directory.resolve(name));
        }
        put(name, value);
        return value;
    }

    /** {@inheritDoc} An entry that cannot be read as a value is set aside first (see the class). */
    @Override
    public synchronized void put(String name, String value) {
        Path file = directory.resolve(name);
        try {
            if (problem(file) != null || Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isReadable(file)) {
                setAside(file);
            }
        } catch (NoSuchFileException absent) {
            // nothing to set aside
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + OwnerOnlyFiles.shown(file) + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String where(String name) {
        return OwnerOnlyFiles.shown(directory.resolve(name));
    }

    @Override
    public String replacing(String name) {
        return "sets the file aside (renamed " + name + ASIDE + "<time>, never deleted) and keeps the new one in its"
                + " place";
    }

    /** What makes {@code file} itself no value's file (a kind, a size), or null; absent: {@link NoSuchFileException}. */
    private static String problem(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            return OwnerOnlyFiles.kind(attributes) + ", not a regular file";
        }
        return attributes.size() > MAX_BYTES ? attributes.size() + " bytes, more than " + MAX_BYTES : null;
    }

    /** Renames {@code file} itself (a link is not followed) to a free {@code <name>.unusable-<time>[-n]} beside it. */
    private void setAside(Path file) {
        String base = file.getFileName() + ASIDE + STAMP.format(Instant.now());
        for (int n = 0; n < MAX_ASIDE_TRIES; n++) {
            Path aside = file.resolveSibling(n == 0 ? base : base + "-" + n);
            try {
                Files.move(file, aside); // rename(2): never replaces, never follows a link
                LOG.info("{} set aside as {}: it could not be used; a new value takes its place",
                        OwnerOnlyFiles.shown(file), OwnerOnlyFiles.shown(aside.getFileName()));
                return;
            } catch (FileAlreadyExistsException taken) {
                // the next name
            } catch (NoSuchFileException gone) {
                return; // removed meanwhile: nothing to set aside
            } catch (IOException e) {
                throw new UncheckedIOException("cannot set " + OwnerOnlyFiles.shown(file) + " aside: "
                        + e.getClass().getSimpleName(), e);
            }
        }
        throw new UncheckedIOException(new FileAlreadyExistsException(OwnerOnlyFiles.shown(base) + "-*"));
    }
}
