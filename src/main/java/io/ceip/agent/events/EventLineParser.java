package io.ceip.agent.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one spool line (UTF-8 bytes, without its line feed) strictly, as {@code schema/event-v1.schema.json}
 * describes it: one JSON object, nothing after it; {@code type} {@code feature} ({@code name}), {@code error}
 * ({@code exception}, optional {@code message} and {@code frames}) or {@code duration} ({@code operation},
 * {@code millis}: a whole number from 0 to {@value #MAX_MILLIS}); optional {@code at}, an ISO-8601 instant after
 * the last withdrawal of consent ({@link #withdrawnAt}); no other member, none twice. Strings are at most
 * {@value #MAX_TEXT} characters ({@code message}: {@value #MAX_MESSAGE}), at most {@value #MAX_FRAMES} frames, nothing
 * nested deeper than the frames array. Anything else is refused with a short reason ({@link Refused#reason()}), never
 * with the line's content. Not thread-safe (it keeps a UTF-8 decoder): one per reader.
 */
public final class EventLineParser {

    static final int MAX_TEXT = 1000;
    static final int MAX_MESSAGE = 8192;
    static final int MAX_FRAMES = 256;
    static final long MAX_MILLIS = Integer.MAX_VALUE;
    private static final int NAME = 1;
    private static final int EXCEPTION = 2;
    private static final int MESSAGE = 4;
    private static final int FRAMES = 8;
    private static final int OPERATION = 16;
    private static final int MILLIS = 32;
    private static final int TYPE = 64;
    private static final int AT = 128;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).maxNumberLength(19)
                    .maxStringLength(MAX_MESSAGE).maxNameLength(64).build())
            .build();

    // strict UTF-8 (malformed input refused, not replaced); one per parser, as a decoder keeps state
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private final LineSource ascii = new LineSource(FACTORY);
    private Instant withdrawal;

    /** A line that is not an event; {@code reason} is one of a few fixed words. */
    public static final class Refused extends Exception {
        private final String reason;

        Refused(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** The event on {@code line}, or {@link Refused} with why not. */
    public Event parse(byte[] line, int length) throws Refused {
        boolean bytes = LineSource.ascii(line, length);
        JsonParser parser = null;
        try {
            parser = bytes ? ascii.open(line, length) : FACTORY.createParser(decode(line, length));
            Event event = read(parser, bytes);
            parser = bytes ? ascii.keep(parser) : parser;
            return event;
        } catch (StreamConstraintsException e) {
            String what = String.valueOf(e.getMessage());
            throw new Refused(what.contains("depth") ? "too-deep" : what.contains("Number") ? "out-of-range"
                    : "too-long");
        } catch (IOException e) {
            throw new Refused("not-json");
        } finally {
            LineSource.close(parser);
        }
    }

    /** A line with other bytes, decoded strictly (malformed UTF-8 is refused, never replaced). */
    private String decode(byte[] line, int length) throws Refused {
        try {
            return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("not-json");
        }
    }

    /** From now on an event whose {@code at} is not after {@code withdrawal} (or null) is refused. */
    void withdrawnAt(Instant withdrawal) {
        this.withdrawal = withdrawal;
    }

    /** The stream of lines ended: the parser of its ASCII lines is closed (Jackson's positions stay bounded). */
    void endOfStream() {
        ascii.drop();
    }

    /** Reads one object; {@code reused}: the parser goes on over the next lines, so only blanks may follow it. */
    private Event read(JsonParser parser, boolean reused) throws IOException, Refused {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new Refused("not-an-object");
        }
        String type = null;
        String name = null;
        String exception = null;
        String operation = null;
        Long millis = null;
        List<String> frames = null;
        Instant at = null;
        int seen = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            int member = member(parser.currentName());
            if ((seen & member) != 0) {
                throw new Refused("not-json"); // a member given twice, as Jackson's duplicate detection said it
            }
            seen |= member;
            JsonToken value = parser.nextToken();
            switch (member) {
                case TYPE -> type = text(parser, value, 16);
                case NAME -> name = text(parser, value, MAX_TEXT);
                case EXCEPTION -> exception = text(parser, value, MAX_TEXT);
                case MESSAGE -> text(parser, value, MAX_MESSAGE); // read to check it, then dropped
                case OPERATION -> operation = text(parser, value, MAX_TEXT);
                case AT -> at = instant(text(parser, value, 64));
                case MILLIS -> millis = millis(parser, value);
                default -> frames = frames(parser, value);
            }
        }
        if (token != JsonToken.END_OBJECT || !(reused ? ascii.blankAfter(parser) : parser.nextToken() == null)) {
            throw new Refused("not-json");
        }
        if (type == null) {
            throw new Refused("missing-member");
        }
        Event event = switch (type) {
            case "feature" -> {
                only(seen, NAME);
                yield new Event.Feature(required(name));
            }
            case "error" -> {
                only(seen, EXCEPTION | MESSAGE | FRAMES);
                yield new Event.Error(required(exception), frames == null ? List.of() : frames);
            }
            case "duration" -> {
                only(seen, OPERATION | MILLIS);
                yield new Event.Duration(required(operation), required(millis));
            }
            default -> throw new Refused("unknown-type");
        };
        if (at != null && withdrawal != null && !at.isAfter(withdrawal)) {
            throw new Refused("before-withdrawal"); // it happened while consent was off, or before it was withdrawn
        }
        return event;
    }

    /**
     * The flag of member {@code field}; an unknown member is refused. Members given twice are refused by these flags
     * (every member has one, and no object is nested in a line), not by Jackson's duplicate detection, which makes a
     * set for each line of more than two members. Bench {@code -Dbench.only=events -Dbench.runs=3}, 2026-12-03, load
     * 1.2–1.7, agent / plain loop, 3,000,000 events: 300 × 10,000 lines 0.50 → 0.56, 30 × 100,000 lines 0.61 → 0.84.
     */
    private static int member(String field) throws Refused {
        return switch (field) {
            case "type" -> TYPE;
            case "name" -> NAME;
            case "exception" -> EXCEPTION;
            case "message" -> MESSAGE;
            case "operation" -> OPERATION;
            case "at" -> AT;
            case "millis" -> MILLIS;
            case "frames" -> FRAMES;
            default -> throw new Refused("unknown-member");
        };
    }

    private static String text(JsonParser parser, JsonToken value, int max) throws IOException, Refused {
        if (value != JsonToken.VALUE_STRING) {
            throw new Refused("wrong-type");
        }
        String text = parser.getText();
        if (text.isEmpty() || text.length() > max) {
            throw new Refused(text.isEmpty() ? "empty-text" : "too-long");
        }
        return text;
    }

    private static long millis(JsonParser parser, JsonToken value) throws IOException, Refused {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new Refused("wrong-type");
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT && parser.getNumberType() != JsonParser.NumberType.LONG) {
            throw new Refused("out-of-range");
        }
        long millis = parser.getLongValue();
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new Refused("out-of-range");
        }
        return millis;
    }

    private static List<String> frames(JsonParser parser, JsonToken value) throws IOException, Refused {
        if (value != JsonToken.START_ARRAY) {
            throw new Refused("wrong-type");
        }
        List<String> frames = new ArrayList<>();
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (frames.size() == MAX_FRAMES) {
                throw new Refused("too-many-frames");
            }
            frames.add(text(parser, item, MAX_TEXT));
        }
        return frames;
    }

    private static Instant instant(String text) throws Refused {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Refused("bad-time");
        }
    }

    private static <T> T required(T value) throws Refused {
        if (value == null) {
            throw new Refused("missing-member");
        }
        return value;
    }

    /** {@code type} and {@code at} are allowed with every kind; the rest are flags. */
    private static void only(int seen, int allowed) throws Refused {
        if ((seen & ~(allowed | TYPE | AT)) != 0) {
            throw new Refused("unknown-member");
        }
    }
}
