package io.ceip.agent.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.events.EventAggregate.ErrorSummary;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The running aggregate on disk: gzip JSON, written atomically and owner-only ({@link AtomicFiles}), with the
 * identities of the spool files it already counts. Read back at start and checked as hostile input: at most
 * {@value #MAX_BYTES} bytes (compressed and inflated), every name declared (or other), every error's exception type
 * and frames exactly as {@link EventRecorder} keeps a fresh event's (so of the same shapes and lengths), every count
 * a whole number from 0 to {@value #MAX_COUNT}, added without overflow ({@link Math#addExact}), the bounds kept;
 * anything else is {@link Corrupt}.
 */
final class AggregateFile {

    static final int VERSION = 1;
    static final int MAX_BYTES = 16 * 1024 * 1024;
    /** The largest count read back: far past any window's, and far enough from overflow to be added to. */
    static final long MAX_COUNT = 1_000_000_000_000_000L;

    /** What the file holds. */
    record State(EventAggregate aggregate, List<SpoolFileIdentity> consumed) {
    }

    /** The file is not one this agent wrote; {@code getMessage()} says what, never its content. */
    static final class Corrupt extends Exception {
        Corrupt(String what) {
            super(what, null, false, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(19).build()).build());

    private AggregateFile() {
    }

    /** Writes the state; {@code force}: to disk (else atomic for processes only, see {@link AtomicFiles}). */
    static void write(Path file, EventAggregate aggregate, List<SpoolFileIdentity> consumed, boolean force) {
        ObjectNode root = JSON.createObjectNode().put("version", VERSION);
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

    /** The stored state; {@link java.nio.file.NoSuchFileException} when there is none. */
    static State read(Path file, EventCatalog catalog, int maxNames, int maxFingerprints)
            throws IOException, Corrupt {
        byte[] compressed = OwnerOnlyFiles.read(file, MAX_BYTES);
        JsonNode root;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            byte[] json = in.readNBytes(MAX_BYTES + 1);
            if (json.length > MAX_BYTES) {
                throw new Corrupt("larger than " + MAX_BYTES + " bytes once inflated");
            }
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new Corrupt("not gzip JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || root.path("version").asInt() != VERSION) {
            throw new Corrupt("not version " + VERSION);
        }
        try {
            return state(root, catalog, new EventAggregate(maxNames, maxFingerprints));
        } catch (ArithmeticException e) {
            throw new Corrupt("counts past the largest whole number once added");
        }
    }

    private static State state(JsonNode root, EventCatalog catalog, EventAggregate aggregate) throws Corrupt {
        EventRecorder recorder = new EventRecorder(catalog);
        for (Map.Entry<String, JsonNode> f : fields(root, "features")) {
            require(catalog.isFeature(f.getKey()), "an undeclared feature");
            aggregate.feature(f.getKey(), count(f.getValue()));
        }
        for (Map.Entry<String, JsonNode> e : fields(root, "errors")) {
            JsonNode error = e.getValue();
            List<String> frames = new ArrayList<>();
            require(error.path("frames").isArray() || error.path("frames").isMissingNode(), "frames not a list");
            error.path("frames").forEach(frame -> frames.add(frame.isTextual() ? frame.asText() : ""));
            String exception = error.path("exception").isTextual() ? error.path("exception").asText() : "";
            require(e.getKey().equals(EventCatalog.OTHER)
                    || e.getKey().equals(EventRecorder.fingerprint(exception, frames)), "a wrong fingerprint");
            require(exception.equals(recorder.exceptionType(exception)), "an exception type a fresh event never has");
            require(frames.size() <= EventRecorder.MAX_OWN_FRAMES && frames.equals(recorder.ownFrames(frames)),
                    "frames that are not the product's own, as a fresh event keeps them");
            aggregate.error(e.getKey(), exception, frames, count(error.get("count")));
        }
        for (Map.Entry<String, JsonNode> d : fields(root, "durations")) {
            require(catalog.isOperation(d.getKey()), "an undeclared operation");
            DurationHistogram histogram = aggregate.histogram(d.getKey(), 0);
            long max = count(d.getValue().get("max"));
            require(max <= Integer.MAX_VALUE, "a duration past the largest one counted");
            for (Map.Entry<String, JsonNode> b : fields(d.getValue(), "buckets")) {
                int index = b.getKey().matches("\\d{1,3}") ? Integer.parseInt(b.getKey()) : -1;
                require(index >= 0 && index < DurationHistogram.BUCKETS, "a bucket out of range");
                histogram.set(index, count(b.getValue()), max);
            }
        }
        List<SpoolFileIdentity> consumed = new ArrayList<>();
        for (JsonNode c : root.path("consumed")) {
            // a poll's files (ceip.events.max-files-per-poll: at most 10,000) and the previous poll's not yet deleted
            require(consumed.size() < 20_000, "too many consumed files");
            SpoolFileIdentity identity = new SpoolFileIdentity(c.path("name").asText(), c.path("key").asText(),
                    c.path("size").asLong(), c.path("modified").asText());
            require(identity.name().length() <= 255 && identity.key().length() <= 255
                    && identity.modified().length() <= 64, "a consumed file's identity that is too long");
            consumed.add(identity);
        }
        require(aggregate.overflow() == 0, "more names than the bounds allow");
        return new State(aggregate, consumed);
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node, String name) throws Corrupt {
        JsonNode object = node.path(name);
        require(object.isObject() || object.isMissingNode(), name + " that is not an object");
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        return () -> fields;
    }

    private static long count(JsonNode value) throws Corrupt {
        require(value != null && value.canConvertToLong() && value.isIntegralNumber() && value.asLong() >= 0
                && value.asLong() <= MAX_COUNT, "a count that is not a whole number from 0 to " + MAX_COUNT);
        return value.asLong();
    }

    private static void require(boolean condition, String what) throws Corrupt {
        if (!condition) {
            throw new Corrupt("it holds " + what);
        }
    }
}
