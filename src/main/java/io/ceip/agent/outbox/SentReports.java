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
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Written as every file of the data directory ({@link AtomicFiles}: {@code 0600} in a {@code 0700} directory, never
 * through a link); past {@code keep}, the oldest copies are deleted. Only names this class gives are counted or
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

    /** @param keep how many of the last delivered reports are kept, 0 .. 1000 ({@code ceip.ledger.keep-sent}) */
    public SentReports(Path directory, int keep, Clock clock) {
        this.directory = directory;
        this.keep = keep;
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /** Keeps {@code gzipBody} as the report just delivered, then deletes the copies past the last {@code keep}. */
    public void keep(String reportId, byte[] gzipBody) {
        if (keep == 0 || gzipBody == null || !DeadLetterFiles.REPORT_ID.matcher(reportId).matches()) {
            return;
        }
        try {
            AtomicFiles.write(directory.resolve(TIME.format(clock.instant()) + "-" + reportId
                    + DeadLetterFiles.BODY), gzipBody, false);
            List<Path> copies = copies();
            for (int i = 0; i < copies.size() - keep; i++) {
                Files.deleteIfExists(copies.get(i));
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("The copy of delivered report {} cannot be kept in {} ({})", reportId,
                    OwnerOnlyFiles.shown(directory), (e instanceof UncheckedIOException u ? u.getCause() : e)
                            .getClass().getSimpleName());
        }
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
