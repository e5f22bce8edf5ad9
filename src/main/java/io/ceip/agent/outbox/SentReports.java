package io.ceip.agent.outbox;

import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was sent, byte for byte: the exact gzip body of each of the last {@code keep} delivered reports, in
 * {@code sent/} beside the destination's ledger, as {@code <delivered, UTC>-<reportId>.json.gz}
 * ({@code 20261204T053221123Z-8c7404f9-….json.gz}). Its SHA-256 is the one of the report's {@code HTTP_2xx} ledger
 * line; {@code zcat} shows the JSON the collector received. {@code keep} 0 keeps none.
 * <p>
 * The store's own file of the body is moved here ({@link #keeper}), or the body written as every file of the data
 * directory ({@link AtomicFiles}: {@code 0600} in a {@code 0700} directory, never through a link; a link where the
 * directory should be is refused); past {@code keep}, the oldest copies are deleted (lowering {@code keep}, at the
 * next delivery). Only names this class gives are counted or deleted, and only regular files: anything else in the
 * directory is left alone. A copy that cannot be kept is one WARN line: the report was delivered, its ledger line
 * says so. The running agent and a {@code send} beside it keep copies in one directory: each writes and prunes under
 * {@link SentLock} and lists the directory again when the other changed it since, so {@code keep} holds for both.
 * <p>
 * Writing each copy and listing the directory each time cut the replay of 1,000 dead letters from 898–915 to
 * 569–578 reports/s (ratio 0.69–0.72 → 0.46–0.48); with the move and the list kept in memory it is 857–904 against
 * 826–883 without copies ({@code -Pbench}, {@code bench.only=replay}, 2 pairs each).
 */
public final class SentReports {

    private static final Logger LOG = LoggerFactory.getLogger(SentReports.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("\\d{8}T\\d{9}Z-" + DeadLetterFiles.REPORT_ID.pattern()
            + Pattern.quote(DeadLetterFiles.BODY));

    private final Path directory;
    private final int keep;
    private final Clock clock;
    private final SentLock lock;
    /** The copies, oldest first: listed at the first delivery, then kept up to date here (guarded by this). */
    private Deque<Path> known;

    /** @param keep how many of the last delivered reports are kept, 0 .. 1000 ({@code ceip.ledger.keep-sent}) */
    public SentReports(Path directory, int keep, Clock clock) {
        this.directory = directory;
        this.keep = keep;
        this.clock = clock;
        this.lock = new SentLock(directory);
    }

    public Path directory() {
        return directory;
    }

    /**
     * What keeps the report just delivered, given the store's file of its body ({@link DeliveryQueue#delete}): that
     * file is moved here (one rename, as cheap as the delete it replaces); when it is null (the report was kept in
     * memory), on another file system, or not a regular file of the body's size once moved, {@code gzipBody} is
     * written instead. Then the copies past the last {@code keep} are deleted: with {@code keep} 0, every copy left
     * from before. The directory is made and listed (once) here, before the store deletes anything.
     */
    public synchronized Consumer<Path> keeper(String reportId, byte[] gzipBody) {
        if (gzipBody == null || !DeadLetterFiles.REPORT_ID.matcher(reportId).matches() || !listed(reportId)) {
            return stored -> { };
        }
        if (keep == 0) {
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                try (SentLock.Held held = lock.hold()) {
                    if (current(held, reportId)) {
                        prune();
                    }
                }
            }
            return stored -> { };
        }
        return stored -> keep(reportId, gzipBody, stored);
    }

    private synchronized void keep(String reportId, byte[] gzipBody, Path stored) {
        try (SentLock.Held held = lock.hold()) {
            if (!current(held, reportId)) {
                return;
            }
            Path copy = directory.resolve(TIME.format(stamp()) + "-" + reportId + DeadLetterFiles.BODY);
            try {
                if (!moved(stored, copy, gzipBody.length)) {
                    AtomicFiles.write(copy, gzipBody, false);
                }
                known.addLast(copy);
            } catch (UncheckedIOException e) {
                cannotKeep(reportId, e.getCause());
            }
            prune();
        }
    }

    /** Whether the copies known are the directory's: listed again when another process changed it since. */
    private boolean current(SentLock.Held held, String reportId) {
        if (held.changed()) {
            try {
                known = new ArrayDeque<>(copies());
            } catch (IOException e) {
                cannotKeep(reportId, e);
                return false;
            }
        }
        return true;
    }

    /**
     * The time in a new copy's name: the clock's, to the millisecond; but with the clock at or set back (by less than
     * a day) below the newest copy's (two deliveries within a millisecond), a millisecond after that one's, so that the names, which order the copies after a restart, keep the
     * order of delivery (the ledger has the real times). A newest name a day or more ahead (a file put there, a clock
     * that was far ahead) is not followed.
     */
    private Instant stamp() {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // a name's precision
        if (known.isEmpty()) {
            return now;
        }
        try {
            Instant newest = Instant.from(TIME.parse(known.peekLast().getFileName().toString().substring(0, 19)));
            return !now.isAfter(newest) && newest.isBefore(now.plus(Duration.ofDays(1))) ? newest.plusMillis(1) : now;
        } catch (DateTimeException e) {
            return now; // digits that are no time (a month 13)
        }
    }

    /** Whether the copies are known: the directory (made when copies are kept) listed, a real directory. */
    private boolean listed(String reportId) {
        if (known == null) {
            try {
                if (keep > 0) {
                    OwnerOnlyFiles.createDirectories(directory);
                }
                known = new ArrayDeque<>(copies());
            } catch (IOException e) {
                cannotKeep(reportId, e);
            }
        }
        return known != null;
    }

    private void prune() {
        while (known.size() > keep) {
            Path oldest = known.removeFirst();
            try {
                Files.deleteIfExists(oldest);
            } catch (IOException e) {
                LOG.warn("An older copy of a delivered report cannot be deleted: {} ({})", OwnerOnlyFiles.shown(oldest),
                        e.getClass().getSimpleName());
            }
        }
    }

    private void cannotKeep(String reportId, Throwable cause) {
        LOG.warn("The copy of delivered report {} cannot be kept in {} ({})", reportId, OwnerOnlyFiles.shown(directory),
                cause == null ? "?" : cause.getClass().getSimpleName());
    }

    /** Whether {@code stored} is now {@code copy}, a regular file of {@code size} bytes (else nothing is there). */
    private static boolean moved(Path stored, Path copy, long size) {
        if (stored == null) {
            return false;
        }
        try {
            Files.move(stored, copy, StandardCopyOption.ATOMIC_MOVE);
            BasicFileAttributes moved = Files.readAttributes(copy, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (moved.isRegularFile() && moved.size() == size) {
                return true;
            }
            Files.delete(copy);
        } catch (IOException e) {
            // gone, or on another file system: the bytes are written instead
        }
        return false;
    }

    /**
     * The kept copies, oldest first: regular files with the names this class gives.
     *
     * @throws NotDirectoryException when a link or another file is where the directory should be (never followed)
     */
    public List<Path> copies() throws IOException {
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(directory.toString());
        }
        List<Path> copies = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (NAME.matcher(file.getFileName().toString()).matches()
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    copies.add(file);
                }
            }
        } catch (NoSuchFileException e) {
            return copies;
        }
        copies.sort(Comparator.comparing(file -> file.getFileName().toString()));
        return copies;
    }
}
