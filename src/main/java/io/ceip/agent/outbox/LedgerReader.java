package io.ceip.agent.outbox;

import io.ceip.agent.files.BoundedLines;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.outbox.DeliveryLedger.Entry;
import io.ceip.agent.outbox.DeliveryLedger.Latest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a ledger file ({@link DeliveryLedger}) as a hostile file: one pass, line by line, never more than one line
 * of at most {@value #MAX_LINE_BYTES} bytes in memory; a line that is longer, torn (a write cut by a full disk or a
 * crash) or not of the ledger's form (its time, size and attempt not what the agent writes) is skipped. A file that
 * is not a regular file (a link, a directory, a fifo) is refused with one line saying so. The latest entries are read
 * from the file's last bytes only, as many as its rotation lets it hold ({@link #latest}): a ledger of 10 GB (planted,
 * or grown while its rotation failed) was read whole at every start and {@code status}, some 4 minutes.
 */
final class LedgerReader {

    /** The longest line read; the agent's own are about 200 bytes. */
    static final int MAX_LINE_BYTES = 1024;

    private static final String[] NAMES = {"sha256=", "bytes=", "outcome=", "attempt=", "destination="};
    /** The field of a partial report's line, between its attempt and its destination ({@link PartialReport}). */
    private static final String PARTIAL = "partial=";
    /** A field a later version added: a name of its own (none of the fields above), {@code =}, printable text. */
    private static final Pattern LATER_FIELD = Pattern.compile(
            "(?!(?:sha256|bytes|outcome|attempt|partial|destination)=)[a-z][a-z0-9_-]{0,31}=[!-~]{0,256}");
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    private LedgerReader() {
    }

    /** The entries of {@code file}, oldest first (none when it does not exist). */
    static List<Entry> entries(Path file) {
        List<Entry> entries = new ArrayList<>();
        scan(file, Long.MAX_VALUE, entries::add);
        return entries;
    }

    /**
     * The last delivery attempt of {@code file} and its last success, read in one pass without keeping the others,
     * from its last {@code tailBytes} only (the size its rotation keeps it under: all of it, unless it grew past that).
     */
    static Latest latest(Path file, long tailBytes) {
        Entry[] found = new Entry[2];
        scan(file, tailBytes, entry -> {
            if (entry.deliveryAttempt()) {
                found[0] = entry;
            }
            if (entry.success()) {
                found[1] = entry;
            }
        });
        return new Latest(Optional.ofNullable(found[0]), Optional.ofNullable(found[1]));
    }

    private static void scan(Path file, long tailBytes, Consumer<Entry> each) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            String kind = Files.isSymbolicLink(file) ? "a symbolic link"
                    : Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "a fifo, socket or device";
            throw new IllegalStateException("cannot read the delivery ledger " + OwnerOnlyFiles.shown(file) + ": it is "
                    + kind + ", not a regular file (move it away: the agent makes a new ledger)");
        }
        try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(channel)) {
            boolean cut = channel.size() > tailBytes;
            if (cut) {
                channel.position(channel.size() - tailBytes - 1);
            }
            BoundedLines lines = new BoundedLines(in, MAX_LINE_BYTES);
            if (cut) {
                lines.next(); // the end of the line the tail starts in (or the line end before it): no whole line
            }
            while (lines.next()) {
                if (lines.ended() && !lines.tooLong()) { // a last line without its end is torn
                    parse(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8)).ifPresent(each);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the delivery ledger " + OwnerOnlyFiles.shown(file) + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * One line of the ledger's form ({@code <time> <report ID> sha256=… bytes=<n> outcome=… attempt=<n>
     * [partial=…] [later fields] [destination=…]}, the partial field only right after the attempt and of its own
     * form, each field under its own name, the time within years 0000 to 9999), or empty; a line without its line end
     * (the last, torn) is never passed here, and one marked torn has a field of no name. A field a later version of
     * the agent added, between the attempt (or partial) field and the destination ({@link #LATER_FIELD}: a lower-case
     * name none of these has, {@code =}, a value), is passed over: such a line is still the agent's, as the agent put
     * back over that version reads it. A line with anything but printable ASCII is not the agent's.
     */
    static Optional<Entry> parse(String line) {
        if (!line.chars().allMatch(c -> c >= ' ' && c < 127)) { // not the agent's: an escape sequence shown by status
            return Optional.empty();
        }
        String[] parts = line.split(" ");
        int end = parts.length > 6 && parts[parts.length - 1].startsWith(NAMES[4]) ? parts.length - 1 : parts.length;
        PartialReport partial = end > 6 && parts[6].startsWith(PARTIAL)
                ? PartialReport.fromLedger(value(parts[6])) : PartialReport.WHOLE;
        for (int i = partial == PartialReport.WHOLE ? 6 : 7; i < end; i++) {
            if (!LATER_FIELD.matcher(parts[i]).matches()) {
                return Optional.empty();
            }
        }
        if (parts.length < 6 || partial == null || !named(parts)) {
            return Optional.empty();
        }
        try {
            Instant time = Instant.parse(parts[0]);
            if (time.isBefore(FIRST) || time.isAfter(LAST)) {
                return Optional.empty();
            }
            return Optional.of(new Entry(parts[0], parts[1], value(parts[2]), Long.parseLong(value(parts[3])),
                    value(parts[4]), Integer.parseInt(value(parts[5])),
                    end < parts.length ? value(parts[end]) : "vendor", partial));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean named(String[] parts) {
        for (int i = 2; i < 6; i++) {
            if (!parts[i].startsWith(NAMES[i - 2])) {
                return false;
            }
        }
        return true;
    }

    private static String value(String pair) {
        return pair.substring(pair.indexOf('=') + 1);
    }
}
