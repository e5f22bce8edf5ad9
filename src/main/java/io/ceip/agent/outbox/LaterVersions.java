package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The entries of the dead-letter store a later version of the agent kept: metadata whose {@code version} is a whole
 * number above {@value DeadLetter#VERSION}, in files the store would accept by their attributes alone
 * ({@link DeadLetterFiles#filesProblem}: regular files of the agent's user, one name each, within their sizes). An
 * earlier version put back over that later one (an administrator going back) reads them as not its own, but they are:
 * they are left in place as they are — never read further, sent, deleted, evicted, requeued or quarantined — counted,
 * said in one line at start and by {@code status}, and the later version sends them when it runs again. The count
 * holds no report ID: a store of a million planted entries costs no memory here. They are left within the store's
 * bound ({@code ceip.dead-letter.max-entries}, {@code ceip.dead-letter.max-bytes}), the first met: those past it are
 * quarantined as any entry that is not this version's (and the quarantine is held within that bound), so that
 * entries planted with a later version cannot fill the disk. Metadata of this version or below, or whose
 * {@code version} is not a whole number within int, is read (and checked, quarantined) as before.
 */
public final class LaterVersions {

    private final int maxEntries;
    private final long maxBytes;
    private int count;
    private long bytes;
    private int over;
    private int lowest = Integer.MAX_VALUE;
    private int highest;

    /** Counts every entry of a later version ({@code status}). */
    LaterVersions() {
        this(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Leaves at most {@code maxEntries} entries of a later version, of {@code maxBytes} bodies in all. */
    LaterVersions(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * The version of the metadata {@code json} when it is a later one than {@value DeadLetter#VERSION}, else 0: a JSON
     * object whose {@code version} is a whole number within int above it. Anything else, a document that is no JSON
     * among them, is 0: the strict reading ({@link DeadLetterJson}) says what is wrong with it.
     */
    static int of(byte[] json, ObjectMapper mapper) {
        try {
            JsonNode version = mapper.readTree(json).path("version");
            return version.isInt() && version.intValue() > DeadLetter.VERSION ? version.intValue() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * What {@code status} says of the entries a later version kept in the store {@code directory} ({@link #said}), or
     * empty; read by the files' attributes and the metadata alone, one entry at a time (the directory is never listed
     * whole), as the start's check reads them, but for the entries {@code read} names (the store's own, read already:
     * not read twice). A directory that cannot be listed: empty.
     */
    public static String in(Path directory, ObjectMapper mapper, Set<String> read) {
        return scan(directory, mapper, read).map(LaterVersions::said).orElse("");
    }

    /**
     * How many entries of the store {@code directory} a later version kept, read as {@link #in} reads them; 0 also
     * when the directory cannot be listed.
     */
    public static int count(Path directory, ObjectMapper mapper, Set<String> read) {
        return scan(directory, mapper, read).map(LaterVersions::count).orElse(0);
    }

    private static Optional<LaterVersions> scan(Path directory, ObjectMapper mapper, Set<String> read) {
        LaterVersions later = new LaterVersions();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DeadLetterFiles.META)) {
            for (Path meta : files) {
                DeadLetterFiles.Name name = DeadLetterFiles.Name.parse(meta.getFileName().toString());
                if (name != null && !name.temporary() && !read.contains(name.reportId())) {
                    later.leaves(meta, directory.resolve(name.reportId() + DeadLetterFiles.BODY), mapper);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return Optional.empty();
        }
        return Optional.of(later);
    }

    /**
     * Whether the entry of {@code meta} and {@code body} is a later version's: then it is counted here and must
     * be left as it is. False when its files are not the store's own by their attributes, cannot be read now, its
     * metadata is not a later version's, or it is past the bound (counted: the usual checks then decide).
     */
    boolean leaves(Path meta, Path body, ObjectMapper mapper) {
        try {
            if (DeadLetterFiles.filesProblem(meta, body) == null) {
                int version = of(OwnerOnlyFiles.read(meta, DeadLetterFiles.MAX_META_BYTES), mapper);
                long size = Files.size(body);
                if (version > 0 && (count >= maxEntries || size > maxBytes - bytes)) {
                    over++;
                    return false;
                }
                bytes += version > 0 ? size : 0;
                return counted(version);
            }
        } catch (IOException e) {
            // not known now: the usual checks say so, and leave the entry as it is
        }
        return false;
    }

    /** Counts one entry of {@code version} when it is above 0 ({@link #of}); false for 0. */
    boolean counted(int version) {
        if (version <= 0) {
            return false;
        }
        count++;
        lowest = Math.min(lowest, version);
        highest = Math.max(highest, version);
        return true;
    }

    /** How many entries of a later version were counted. */
    int count() {
        return count;
    }

    /**
     * What {@code status} and the start's line say of them: {@code 2 kept by a later version of the agent (metadata
     * version 2; this version reads 1), left as they are, …}, or empty when there are none. Only the lowest and the
     * highest version are named, however many there are.
     */
    String said() {
        String past = over == 0 ? "" : over + (count == 0 ? " kept by a later version of the agent" : " more")
                + " past the store's bound (" + maxEntries + " entries, " + maxBytes + " bytes) quarantined";
        if (count == 0) {
            return past;
        }
        return count + " kept by a later version of the agent (metadata version " + (lowest == highest ? lowest
                : lowest + " to " + highest) + "; this version reads " + DeadLetter.VERSION + "), left as they are,"
                + " not sent, for that version to send when it runs again" + (past.isEmpty() ? "" : "; " + past);
    }
}
