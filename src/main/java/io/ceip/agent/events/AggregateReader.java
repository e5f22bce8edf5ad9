package io.ceip.agent.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ceip.agent.events.AggregateFile.Corrupt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the stored aggregate as it streams in, member by member, straight into a bounded {@link EventAggregate}:
 * no tree of the document is ever built, and anything the agent never writes (another member, another type, a
 * version other than {@value AggregateFile#VERSION} first) is refused at the token where it comes.
 * <p>
 * What was stored under an older catalog or larger bounds is counted the way a fresh event is today: a feature or
 * operation no longer declared goes to {@value EventCatalog#OTHER}; an error's exception type and frames are derived
 * again with today's {@link EventRecorder} (a type no longer the product's own becomes other, frames no longer its own
 * are dropped) under the fingerprint those give; past today's bounds, other ({@link EventAggregate}). Only structural
 * damage is {@link Corrupt}: a wrong type, a fingerprint that is not the stored error's, a count out of range, a
 * consumed file's identity missing or too long.
 */
final class AggregateReader {

    /** A poll's files (ceip.events.max-files-per-poll: at most 10,000) and the previous poll's not yet deleted. */
    static final int MAX_CONSUMED = 20_000;
    private static final Set<String> MEMBERS = Set.of("features", "errors", "durations", "consumed", "eventsSince");

    private final JsonParser json;
    private final EventCatalog catalog;
    private final EventRecorder recorder;
    private final EventAggregate aggregate;
    private final List<SpoolFileIdentity> consumed = new ArrayList<>();
    private String mark; // the consent audit's mark (WindowMark), null when the file holds none

    private AggregateReader(JsonParser json, EventCatalog catalog, EventAggregate aggregate) {
        this.json = json;
        this.catalog = catalog;
        this.recorder = new EventRecorder(catalog);
        this.aggregate = aggregate;
    }

    /** Reads the whole document of {@code json} into {@code aggregate} (today's catalog and bounds). */
    static AggregateFile.State read(JsonParser json, EventCatalog catalog, EventAggregate aggregate)
            throws IOException, Corrupt {
        return new AggregateReader(json, catalog, aggregate).root();
    }

    private AggregateFile.State root() throws IOException, Corrupt {
        boolean version = json.nextToken() == JsonToken.START_OBJECT && json.nextToken() == JsonToken.FIELD_NAME
                && "version".equals(json.currentName()) && json.nextToken() == JsonToken.VALUE_NUMBER_INT
                && json.getNumberType() == JsonParser.NumberType.INT && json.getIntValue() == AggregateFile.VERSION;
        if (!version) {
            throw new Corrupt("not version " + AggregateFile.VERSION);
        }
        Set<String> seen = new HashSet<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String member = json.currentName();
            require(MEMBERS.contains(member) && seen.add(member), "a member other than version, eventsSince,"
                    + " features, errors, durations and consumed (or one twice)");
            json.nextToken();
            switch (member) {
                case "features" -> features();
                case "errors" -> errors();
                case "durations" -> durations();
                case "eventsSince" -> mark = mark();
                default -> consumed();
            }
        }
        require(json.nextToken() == null, "more than one JSON document");
        return new AggregateFile.State(aggregate, consumed, mark);
    }

    private void features() throws IOException, Corrupt {
        require(json.currentToken() == JsonToken.START_OBJECT, "features that are not an object");
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            aggregate.feature(catalog.feature(name), count());
        }
    }

    private void errors() throws IOException, Corrupt {
        require(json.currentToken() == JsonToken.START_OBJECT, "errors that are not an object");
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String fingerprint = json.currentName();
            require(json.nextToken() == JsonToken.START_OBJECT, "an error that is not an object");
            String exception = null;
            List<String> frames = List.of();
            long count = -1;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String member = json.currentName();
                json.nextToken();
                switch (member) {
                    case "exception" -> exception = text("an exception type that is not text");
                    case "count" -> count = count();
                    case "frames" -> frames = frames();
                    default -> throw new Corrupt("it holds an error member other than exception, count and frames");
                }
            }
            require(exception != null && count >= 0, "an error without its exception type or count");
            require(fingerprint.equals(EventCatalog.OTHER)
                    || fingerprint.equals(EventRecorder.fingerprint(exception, frames)), "a wrong fingerprint");
            if (fingerprint.equals(EventCatalog.OTHER)) {
                aggregate.error(EventCatalog.OTHER, EventCatalog.OTHER, List.of(), count);
            } else { // as a fresh event of that type and frames is kept today
                String type = recorder.exceptionType(exception);
                List<String> own = recorder.ownFrames(frames);
                aggregate.error(EventRecorder.fingerprint(type, own), type, own, count);
            }
        }
    }

    private List<String> frames() throws IOException, Corrupt {
        require(json.currentToken() == JsonToken.START_ARRAY, "frames not a list");
        List<String> frames = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            require(frames.size() < EventRecorder.MAX_OWN_FRAMES, "more frames than a fresh event keeps");
            frames.add(text("a frame that is not text"));
        }
        return frames;
    }

    private void durations() throws IOException, Corrupt {
        require(json.currentToken() == JsonToken.START_OBJECT, "durations that are not an object");
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String operation = json.currentName();
            require(json.nextToken() == JsonToken.START_OBJECT, "a histogram that is not an object");
            long max = 0;
            long[] buckets = new long[DurationHistogram.BUCKETS];
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String member = json.currentName();
                json.nextToken();
                if (member.equals("max")) {
                    max = count();
                    require(max <= Integer.MAX_VALUE, "a duration past the largest one counted");
                } else {
                    require(member.equals("buckets") && json.currentToken() == JsonToken.START_OBJECT,
                            "a histogram member other than max and buckets");
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String key = json.currentName();
                        int index = key.matches("\\d{1,3}") ? Integer.parseInt(key) : -1;
                        require(index >= 0 && index < DurationHistogram.BUCKETS, "a bucket out of range");
                        json.nextToken();
                        buckets[index] = count();
                    }
                }
            }
            DurationHistogram stored = new DurationHistogram();
            for (int i = 0; i < buckets.length; i++) {
                stored.set(i, buckets[i], max);
            }
            aggregate.histogram(catalog.operation(operation), stored.count()).addAll(stored);
        }
    }

    private void consumed() throws IOException, Corrupt {
        require(json.currentToken() == JsonToken.START_ARRAY, "consumed files that are not a list");
        while (json.nextToken() == JsonToken.START_OBJECT) {
            require(consumed.size() < MAX_CONSUMED, "too many consumed files");
            String name = null;
            String key = null;
            String modified = null;
            Long size = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String member = json.currentName();
                json.nextToken();
                switch (member) {
                    case "name" -> name = text("a consumed file's name that is not text");
                    case "key" -> key = text("a consumed file's key that is not text");
                    case "modified" -> modified = text("a consumed file's time that is not text");
                    case "size" -> size = whole("a consumed file's size that is not a whole number");
                    default -> throw new Corrupt("it holds a consumed file's member other than name, key, size"
                            + " and modified");
                }
            }
            require(name != null && key != null && modified != null && size != null
                    && name.length() <= 255 && key.length() <= 255 && modified.length() <= 64,
                    "a consumed file's identity that is missing or too long");
            consumed.add(new SpoolFileIdentity(name, key, size, modified));
        }
        require(json.currentToken() == JsonToken.END_ARRAY, "a consumed file that is not an object");
    }

    /** The window's mark: {@code none} or a time ({@link WindowMark#parse}). */
    private String mark() throws IOException, Corrupt {
        String text = text("a mark that is not text");
        try {
            WindowMark.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Corrupt("it holds " + e.getMessage());
        }
        return text;
    }

    private String text(String what) throws IOException, Corrupt {
        require(json.currentToken() == JsonToken.VALUE_STRING, what);
        return json.getText();
    }

    private long whole(String what) throws IOException, Corrupt {
        require(json.currentToken() == JsonToken.VALUE_NUMBER_INT
                && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER, what);
        return json.getLongValue();
    }

    private long count() throws IOException, Corrupt {
        String what = "a count that is not a whole number from 0 to " + AggregateFile.MAX_COUNT;
        long count = whole(what);
        require(count >= 0 && count <= AggregateFile.MAX_COUNT, what);
        return count;
    }

    private static void require(boolean condition, String what) throws Corrupt {
        if (!condition) {
            throw new Corrupt("it holds " + what);
        }
    }
}
