package io.ceip.agent.outbox;

import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was sent, byte for byte: the exact gzip body of each of the last {@code keep} delivered reports, in
 * {@code sent/} beside the destination's ledger, as {@code <delivered, UTC>-<reportId>.json.gz}
 * ({@code 20261204T053221123Z-8c7404f9-….json.gz}). Its SHA-256 is the one of the report's {@code HTTP_2xx} ledger
 * line; {@code zcat} shows the JSON the collector received. {@code keep} 0 keeps none.
 * <p>
 * The store's own file of the body is moved here ({@link #keep}), or the body written as every file of the data
 * directory ({@link AtomicFiles}: {@code 0600} in a {@code 0700} directory, never through a link); past {@code keep},
 * the oldest copies are deleted. Writing each copy and listing the directory each time cut the replay of 1,000 dead
 * letters from 898–915 to 569–578 reports/s (ratio 0.69–0.72 → 0.46–0.48); with the move and the list kept in memory
 * it is 857–904 against 826–883 without copies ({@code -Pbench}, {@code bench.only=replay}, 2 pairs each). Only names this class gives are counted or
 * deleted, and only regular files: anything else in the directory is left alone. A copy that cannot be written is
 * one WARN line: the report was delivered, its ledger line says so.
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
    /** The copies, oldest first: listed at the first delivery, then kept up to date here (guarded by this). */
    private Deque<Path> known;

    /** @param keep how many of the last delivered reports are kept, 0 .. 1000 ({@code ceip.ledger.keep-sent}) */
    public SentReports(Path directory, int keep, Clock clock) {
        this.directory = directory;
        this.keep = keep;
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Keeps the report just delivered: {@code stored}, the store's file of these bytes, is moved here (one rename, as
     * cheap as the delete it replaces); when it is null (the report was kept in memory), on another file system, or
     * not a regular file of the body's size once moved, {@code gzipBody} is written instead. Then the copies past the
     * last {@code keep} are deleted (the copies are listed once, at the first delivery).
     */
    public synchronized void keep(String reportId, byte[] gzipBody, Path stored) {
        if (keep == 0 || gzipBody == null || !DeadLetterFiles.REPORT_ID.matcher(reportId).matches()) {
            return;
        }
        try {
            if (known == null) {
                OwnerOnlyFiles.createDirectories(directory);
                known = new ArrayDeque<>(copies());
            }
            Path copy = directory.resolve(TIME.format(clock.instant()) + "-" + reportId + DeadLetterFiles.BODY);
            if (!moved(stored, copy, gzipBody.length)) {
                AtomicFiles.write(copy, gzipBody, false);
            }
            known.addLast(copy);
            while (known.size() > keep) {
                Files.deleteIfExists(known.removeFirst());
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("The copy of delivered report {} cannot be kept in {} ({})", reportId,
                    OwnerOnlyFiles.shown(directory), (e instanceof UncheckedIOException u ? u.getCause() : e)
                            .getClass().getSimpleName());
        }
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

    /** The kept copies, oldest first: regular files with the names this class gives. */
    public List<Path> copies() throws IOException {
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
