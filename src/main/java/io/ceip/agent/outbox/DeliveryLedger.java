package io.ceip.agent.outbox;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was sent: an append-only file ({@code ledger.log} under the data directory) with one line per delivery
 * attempt and per export, never report content:
 *
 * <pre>
 * 2026-11-23T20:30:01.123Z 5f0c…e1 sha256=9b1e… bytes=431 outcome=HTTP_503 attempt=1 destination=vendor
 * </pre>
 *
 * Each destination has its own ledger ({@code destination=vendor} in {@code ledger.log}, {@code destination=customer}
 * under {@code ceip.customer-endpoint.directory}); a line without {@code destination} (written before it was added)
 * reads as the vendor's. The line of a partial report (its own {@code failures} say part of its collection failed)
 * has, before its destination, how many failed and the first by source and reason ({@link PartialReport}:
 * {@code ... attempt=1 partial=2:database/connection,query:hosts/timeout destination=vendor}); a whole report's line
 * is as it always was, and a line without {@code partial} reads as whole. A field added later goes between these
 * and the destination, as {@code name=value}: an agent put back over that version passes it over ({@link LedgerReader}).
 * The outcome is {@code HTTP_<status>}, an error class, {@code EXPORTED}, {@code CONSENT_WITHDRAWN}, {@code REQUEUED},
 * {@code DISCARDED}, {@code PURGED} or {@code EVICTED} (the store's bound); only the first two are delivery attempts. When the file
 * passes {@code maxBytes} it is rotated to {@code ledger.log.1} (older files shift up, at most {@code keepFiles}
 * kept; 0: none, {@link LedgerRotation}). A rotation that fails never costs a line: the line is appended to the current
 * file past {@code maxBytes}, one WARN says so (once, until a rotation succeeds again) and the rotation is tried again
 * at the next line. The file is created {@code 0600} (its directory {@code 0700}) and neither read nor written
 * through a link; one of another user (a {@code send} run as root rotated it) is set aside before a line is appended.
 */
public final class DeliveryLedger {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);
    /** What ends a torn last line before the next line is appended: a field no ledger line has, so it is skipped. */
    static final String TORN = " torn\n";

    /** One ledger line, parsed. */
    public record Entry(String time, String reportId, String sha256, long bytes, String outcome, int attempt,
            String destination, PartialReport partial) {

        public boolean success() {
            return outcome.startsWith("HTTP_2");
        }

        /** Whether this line is a delivery attempt, not an export or a report deleted or requeued unsent. */
        public boolean deliveryAttempt() {
            return !NOT_ATTEMPTS.contains(outcome);
        }
    }

    /**
     * The last delivery attempt of a ledger file and its last successful delivery (either may be absent); the lines
     * of exports and of reports requeued or deleted unsent are neither, as the running agent's status never took
     * them for one.
     */
    public record Latest(Optional<Entry> lastAttempt, Optional<Entry> lastSuccess) {
    }

    /** The outcomes of lines that record no delivery attempt. */
    private static final Set<String> NOT_ATTEMPTS = Set.of("EXPORTED", "CONSENT_WITHDRAWN", "REQUEUED", "DISCARDED",
            "PURGED", DeadLetterBound.OUTCOME);

    private final Path file;
    private final long maxBytes;
    private final LedgerRotation rotation;
    private final Clock clock;
    private final String destination;
    /** The file's size after this process's last line, or -1: any other size means another writer came between. */
    private long knownEnd = -1;
    /** A rotation failed (and was logged) and none has succeeded since. */
    private boolean rotationFailing;
    /** A file not the agent's could not be set aside (and was logged): not tried again. */
    private boolean setAsideFailed;

    /** The vendor's ledger. */
    public DeliveryLedger(Path file, long maxBytes, int keepFiles, Clock clock) {
        this(file, maxBytes, keepFiles, clock, "vendor");
    }

    /** The ledger of {@code destination} (a fixed name: {@code vendor}, {@code customer}). */
    public DeliveryLedger(Path file, long maxBytes, int keepFiles, Clock clock, String destination) {
        this.destination = destination;
        this.file = file;
        this.maxBytes = maxBytes;
        this.rotation = new LedgerRotation(file, keepFiles);
        this.clock = clock;
    }

    /**
     * Appends one line. A ledger that cannot be written is logged, never fatal to a delivery. A file that ends in a
     * torn line (a write of this or another process, {@code requeue} or {@code send} beside the agent, cut by a full
     * disk or a crash) gets the word {@code torn} and a line end first: the torn line is marked (never read as an entry)
     * and the new line stands on its own. Looked at whenever the file is not as this process left it (its size
     * differs), not at every line.
     */
    public void record(String reportId, String sha256, long bytes, String outcome, int attempt) {
        record(reportId, sha256, bytes, outcome, attempt, PartialReport.WHOLE);
    }

    /** {@link #record(String, String, long, String, int)} of a report {@code partial} says partial or whole. */
    public synchronized void record(String reportId, String sha256, long bytes, String outcome, int attempt,
            PartialReport partial) {
        String line = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " " + reportId + " sha256="
                + sha256 + " bytes=" + bytes + " outcome=" + outcome.replace(' ', '_') + " attempt=" + attempt
                + (partial.partial() ? " " + partial.ledgerField() : "") + " destination=" + destination + "\n";
        try {
            long size = size();
            if (size > 0 && size + line.length() > maxBytes && rotated(line.length())) {
                size = size();
            }
            String text = size > 0 && size != knownEnd && !endsWithLineEnd() ? TORN + line : line;
            append(text);
            knownEnd = size + text.getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            knownEnd = -1;
            LOG.warn("The delivery ledger {} cannot be written ({})", file, e.getClass().getSimpleName());
        }
    }

    /**
     * Rotates the file unless another process just did or is doing it; false when it cannot be (one WARN until a
     * rotation succeeds): the line goes on this file.
     */
    private boolean rotated(int lineBytes) {
        try {
            rotation.rotateIfFull(lineBytes, maxBytes);
        } catch (IOException | RuntimeException e) {
            if (!rotationFailing) {
                LOG.warn("The delivery ledger {} cannot be rotated ({}): lines are appended to it past"
                        + " ceip.ledger.max-bytes, none is lost; rotation is tried again at each line", file,
                        e.getClass().getSimpleName());
            }
            rotationFailing = true;
            return false;
        }
        if (rotationFailing) {
            LOG.info("The delivery ledger {} is rotated again", file);
        }
        rotationFailing = false;
        return true;
    }

    private boolean endsWithLineEnd() throws IOException {
        try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            return channel.size() == 0 || channel.read(last, channel.size() - 1) == 1 && last.get(0) == '\n';
        }
    }

    /**
     * The file's size; 0 when there is none, or when it was another user's (or one this user may not write) and was
     * set aside ({@link LedgerAtStart#notOwn}: tried until it could not be once, said in one line).
     */
    private long size() throws IOException {
        try {
            if (!setAsideFailed && LedgerAtStart.notOwn(file) != null) {
                setAsideFailed = !LedgerAtStart.setAside(file);
            }
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Appends to the file; its directory is made only when it is missing (not on every line). */
    private void append(String line) throws IOException {
        try {
            appendTo(line);
        } catch (NoSuchFileException e) {
            OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
            appendTo(line);
        }
    }

    private void appendTo(String line) throws IOException {
        OwnerOnlyFiles.append(file, line.getBytes(StandardCharsets.UTF_8), false);
    }

    /** The current file, {@code ledger.log}. */
    public Path file() {
        return file;
    }

    /** The entries of the current file, oldest first (lines that do not parse skipped: {@link LedgerReader}). */
    public List<Entry> entries() {
        return read(file);
    }

    /**
     * The last delivery attempt and the last successful delivery of the current file, read in one pass over its last
     * {@code maxBytes} (and a line): the whole of a file its rotation kept within its size.
     */
    public Latest latest() {
        return LedgerReader.latest(file, maxBytes > Long.MAX_VALUE - LedgerReader.MAX_LINE_BYTES ? Long.MAX_VALUE
                : maxBytes + LedgerReader.MAX_LINE_BYTES);
    }

    /**
     * Reads a ledger file; lines that do not parse (torn, too long, of another form) are skipped.
     *
     * @throws IllegalStateException when it is not a regular file or cannot be read (one line says which)
     */
    public static List<Entry> read(Path file) {
        return LedgerReader.entries(file);
    }

    /** The SHA-256 of {@code body}, in hex. */
    public static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
