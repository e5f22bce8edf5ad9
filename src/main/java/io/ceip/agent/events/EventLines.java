package io.ceip.agent.events;

import io.ceip.agent.files.BoundedLines;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one reading of event lines, for a spool file ({@link EventSpool}) and an HTTP intake body ({@link EventIntake})
 * alike: the stream (a UTF-8 byte order mark before it skipped) is read line by line ({@link BoundedLines}, each at
 * most {@code maxLineBytes}), blank lines skipped, each other line parsed ({@link EventLineParser}) and mapped
 * ({@link EventRecorder}) into the aggregate given; a bad line is counted and skipped, and the first one's line number and one-word reason kept. Reading stops
 * once more than {@code maxBytes} were read or more than {@code maxLines} lines seen ({@link Counted#stop()}). Not
 * thread-safe (its parser keeps a decoder): one per reader.
 */
final class EventLines {

    /** Why reading stopped before the end of the stream. */
    enum Stop { NONE, BYTES, LINES }

    /** What a stream held: events accepted, lines refused, the first refused line ("line 2: not-json"), the stop. */
    record Counted(long accepted, long refused, String firstProblem, Stop stop) {
    }

    private final EventLineParser parser = new EventLineParser();
    private final EventRecorder recorder;
    private final int maxLineBytes;

    EventLines(EventRecorder recorder, int maxLineBytes) {
        this.recorder = recorder;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads {@code in} to its end (or a bound) into {@code delta}, refusing events dated at or before
     * {@code withdrawal} (empty: none was); the caller closes {@code in}.
     */
    Counted read(InputStream in, EventAggregate delta, long maxBytes, long maxLines, Optional<Instant> withdrawal)
            throws IOException {
        parser.withdrawnAt(withdrawal.orElse(null));
        try {
            return readLines(in, delta, maxBytes, maxLines);
        } finally {
            parser.endOfStream();
        }
    }

    private Counted readLines(InputStream in, EventAggregate delta, long maxBytes, long maxLines) throws IOException {
        BoundedLines lines = new BoundedLines(withoutByteOrderMark(in), maxLineBytes);
        long budget = maxBytes;
        long accepted = 0;
        long refused = 0;
        String firstProblem = null;
        while (lines.next()) {
            budget -= lines.length() + 1L;
            if (lines.number() > maxLines) {
                return new Counted(accepted, refused, firstProblem, Stop.LINES);
            }
            if (lines.blank() && !lines.tooLong()) {
                continue;
            }
            String problem = null;
            if (lines.tooLong()) {
                problem = "longer than ceip.events.max-line-bytes";
            } else {
                try {
                    recorder.record(parser.parse(lines.bytes(), lines.length()), delta);
                    accepted++;
                } catch (EventLineParser.Refused e) {
                    problem = e.reason();
                }
            }
            if (problem != null) {
                refused++;
                if (firstProblem == null) {
                    firstProblem = "line " + lines.number() + ": " + problem;
                }
            }
            if (budget < 0) {
                return new Counted(accepted, refused, firstProblem, Stop.BYTES);
            }
        }
        return new Counted(accepted, refused, firstProblem, Stop.NONE);
    }

    /**
     * {@code in} without the UTF-8 byte order mark a Windows writer (.NET, PowerShell) puts before the first line: it
     * made that line not JSON, so the file's first event was always lost.
     */
    private static InputStream withoutByteOrderMark(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, BYTE_ORDER_MARK.length);
        byte[] head = pushback.readNBytes(BYTE_ORDER_MARK.length);
        if (!Arrays.equals(head, BYTE_ORDER_MARK)) {
            pushback.unread(head);
        }
        return pushback;
    }

    private static final byte[] BYTE_ORDER_MARK = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
}
