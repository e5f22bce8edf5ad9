package io.ceip.agent.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The running aggregate on disk: gzip JSON, written atomically and owner-only ({@link AtomicFiles}), with the
 * identities of the spool files it already counts. Read back at start as hostile input, streamed, never built as a
 * tree ({@link #read}): bounded by what the agent writes within its bounds, every count a whole number from 0 to
 * {@value #MAX_COUNT}, added without overflow ({@link Math#addExact}); names, exception types and frames counted as
 * a fresh event is today ({@link AggregateReader}); anything else is {@link Corrupt}. It holds the consent audit's mark
 * the window was counted under ({@code eventsSince}, {@link WindowMark}); a file without it (an earlier version's) is
 * read as it was, its mark null.
 */
final class AggregateFile {

    static final int VERSION = 1;
    /** The largest file read (compressed). */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    /** The longest text or member name read: a frame is at most 300 characters, a spool file's name 255. */
    static final int MAX_TEXT = 1024;
    private static final long FEATURE_BYTES = 256;
    private static final long HISTOGRAM_BYTES = 256 + DurationHistogram.BUCKETS * 24L;
    private static final long ERROR_BYTES = 512 + EventRecorder.MAX_OWN_FRAMES * 304L;
    private static final long CONSUMED_BYTES = 512 + 255 * 6;
    /** The largest count read back: far past any window's, and far enough from overflow to be added to. */
    static final long MAX_COUNT = 1_000_000_000_000_000L;

    /** What the file holds; {@code mark} null when it holds none. */
    record State(EventAggregate aggregate, List<SpoolFileIdentity> consumed, String mark) {
    }

    /** The file is not one this agent wrote; {@code getMessage()} says what, never its content. */
    static final class Corrupt extends Exception {
        Corrupt(String what) {
            super(what, null, false, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private AggregateFile() {
    }

    /**
     * Writes the state, with {@code mark} (null: none); {@code force}: to disk (else atomic for processes only, see
     * {@link AtomicFiles}).
     */
    static void write(Path file, EventAggregate aggregate, List<SpoolFileIdentity> consumed, String mark,
            boolean force) {
        ObjectNode root = JSON.createObjectNode().put("version", VERSION);
        if (mark != null) {
            root.put("eventsSince", mark);
        }
        ObjectNode features = root.putObject("features");
        aggregate.features().forEach(features::put);
        ObjectNode errors = root.putObject("errors");
        aggregate.errors().forEach((fingerprint, e) -> {
            ObjectNode error = errors.putObject(fingerprint).put("exception", e.exception()).put("count", e.count());
            e.frames().forEach(error.putArray("frames")::add);
        });
        ObjectNode durations = root.putObject("durations");
        aggregate.durations().forEach((operation, h) -> {
            ObjectNode histogram = durations.putObject(operation).put("max", h.max());
            ObjectNode buckets = histogram.putObject("buckets");
            long[] counts = h.counts();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    buckets.put(Integer.toString(i), counts[i]);
                }
            }
        });
        ArrayNode files = root.putArray("consumed");
        consumed.forEach(c -> files.addObject().put("name", c.name()).put("key", c.key()).put("size", c.size())
                .put("modified", c.modified()));
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                JSON.writeValue(gzip, root);
            }
            AtomicFiles.write(file, bytes.toByteArray(), force);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The stored state, read as it streams in ({@link AggregateReader}) under today's catalog and bounds;
     * {@link java.nio.file.NoSuchFileException} when there is none. Refused ({@link Corrupt}) before it is read
     * through, past what these bounds ever make the agent write: {@link #maxTokens} JSON tokens or
     * {@link #maxInflatedBytes} bytes once inflated ({@value #MAX_BYTES} compressed), a name or text longer than
     * {@value #MAX_TEXT} characters, a number of more than 19 digits, more than 8 levels deep.
     */
    static State read(Path file, EventCatalog catalog, int maxNames, int maxFingerprints)
            throws IOException, Corrupt {
        long tokens = maxTokens(maxNames, maxFingerprints);
        long inflated = maxInflatedBytes(maxNames, maxFingerprints);
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(8).maxNumberLength(19).maxStringLength(MAX_TEXT).maxNameLength(MAX_TEXT)
                .maxTokenCount(tokens).maxDocumentLength(inflated).build()).build();
        try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ)) {
            if (channel.size() > MAX_BYTES) {
                throw new Corrupt("larger than " + MAX_BYTES + " bytes");
            }
            try (JsonParser json = factory.createParser(new GZIPInputStream(Channels.newInputStream(channel)))) {
                return AggregateReader.read(json, catalog, new EventAggregate(maxNames, maxFingerprints));
            } catch (StreamConstraintsException e) {
                throw new Corrupt(e.getMessage().startsWith("Token count") ? "more than " + tokens
                        + " JSON tokens, more than the agent writes within ceip.events.max-names and max-fingerprints"
                        : e.getMessage().startsWith("Document length") ? "larger than " + inflated
                        + " bytes once inflated, more than the agent writes within ceip.events.max-names and"
                        + " max-fingerprints" : "a text, a number or a nesting longer than the agent writes");
            } catch (IOException e) {
                throw new Corrupt("not gzip JSON (" + e.getClass().getSimpleName() + ")");
            } catch (ArithmeticException e) {
                throw new Corrupt("counts past the largest whole number once added");
            }
        }
    }

    /**
     * The most JSON tokens a file holds that the agent wrote within these bounds: per feature name 2, per operation
     * a histogram of every bucket, per fingerprint its frames, and the consumed files' identities (each bound, and
     * other, once more: the agent writes other beside them).
     */
    static long maxTokens(int maxNames, int maxFingerprints) {
        long names = maxNames + 1L;
        return 64 + names * 2 + names * (8 + 2L * DurationHistogram.BUCKETS)
                + (maxFingerprints + 1L) * (10 + EventRecorder.MAX_OWN_FRAMES) + AggregateReader.MAX_CONSUMED * 12L;
    }

    /**
     * The most bytes such a file holds once inflated, each entry at its longest as JSON: a name of 64 characters of 3
     * UTF-8 bytes, a count of 16 digits; a fingerprint with its exception type (200) and 32 frames (300 each, ASCII);
     * a histogram of every bucket; a consumed file's name of 255 characters each escaped as 6 bytes.
     */
    static long maxInflatedBytes(int maxNames, int maxFingerprints) {
        long names = maxNames + 1L;
        return 4096 + names * FEATURE_BYTES + names * HISTOGRAM_BYTES + (maxFingerprints + 1L) * ERROR_BYTES
                + AggregateReader.MAX_CONSUMED * CONSUMED_BYTES;
    }
}
