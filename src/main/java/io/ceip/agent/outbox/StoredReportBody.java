package io.ceip.agent.outbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * What a stored body must be to be sent as the report of its entry: one complete gzip member, as the agent writes it
 * and nothing after it, that decompresses to at most
 * {@value DeadLetterFiles#MAX_JSON_BYTES} bytes of UTF-8 holding exactly one JSON object, whose top-level {@code reportId} appears
 * once and is the entry's report ID (the name of its files). Anything else was not written by the store as it is (a
 * foreign file, another report's body renamed, a torn or planted one): it is never sent, and never taken for the
 * collector being unreachable. Read as a stream of tokens, never whole nor as a tree: every value but the top-level
 * {@code reportId} is skipped unread (that one is read up to {@value #MAX_ID_CHARS} characters), a field name is held
 * up to Jackson's default of 50,000 characters, and nesting is limited to Jackson's default of 1,000 levels.
 */
final class StoredReportBody {

    static final int MAX_ID_CHARS = 64;

    /** Leaves the stream open at its end (the gzip member's length is read after it). */
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(DeadLetterFiles.MAX_JSON_BYTES).maxStringLength(MAX_ID_CHARS).build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    private StoredReportBody() {
    }

    /**
     * Why the gzip body read from {@code gzip} is not the report {@code reportId}, or null when it is.
     *
     * @throws IOException what {@code gzip} itself threw (the file cannot be read now): nothing is known of the body
     */
    static String problem(InputStream gzip, String reportId) throws IOException {
        Counted raw = new Counted(gzip);
        try (OneMember member = new OneMember(raw); InputStream json = new BufferedInputStream(member)) {
            json.mark(4);
            byte[] start = json.readNBytes(4);
            json.reset();
            if (!utf8(start)) {
                return "body is not UTF-8 JSON";
            }
            try (JsonParser parser = JSON.createParser(json)) {
                String problem = problem(parser, reportId); // read to the end of the gzip stream
                return problem != null || member.alone(raw) ? problem
                        : "body is not the gzip the agent writes (bytes after it, or header options)";
            }
        } catch (Unreadable e) {
            throw e.source;
        } catch (StreamConstraintsException e) {
            return "body is beyond a report's bounds (" + DeadLetterFiles.MAX_JSON_BYTES
                    + " bytes of JSON, its depth, a number's, a name's or reportId's length)";
        } catch (JsonProcessingException e) {
            return "body is not one JSON object";
        } catch (IOException e) {
            return "body is not complete gzip";
        }
    }

    /**
     * Java's gzip stream, which reads members one after another and ignores what follows the last one that is not
     * gzip: {@link #alone} tells whether the input held one member of the form the agent writes (a 10-byte header
     * without options, the deflated data, the 8-byte trailer) and nothing after it.
     */
    private static final class OneMember extends GZIPInputStream {

        OneMember(InputStream in) throws IOException {
            super(in);
        }

        /** Call at the end of the stream: whether {@code raw}'s bytes were exactly one member. */
        boolean alone(Counted raw) throws IOException {
            return raw.skipToEnd() == 10 + inf.getBytesRead() + 8;
        }
    }

    /** Counts the bytes read through it. */
    private static final class Counted extends FilterInputStream {

        private long count;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = in.read(buffer, offset, length);
                count += Math.max(n, 0);
                return n;
            } catch (IOException e) {
                throw new Unreadable(e);
            }
        }

        /** Reads what is left (a stored body is bounded) and returns how many bytes the stream held. */
        long skipToEnd() throws IOException {
            try {
                return count + in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new Unreadable(e);
            }
        }
    }

    /** What the source threw, told apart from what gzip or JSON throw about the bytes. */
    private static final class Unreadable extends IOException {

        final IOException source;

        Unreadable(IOException source) {
            super(source);
            this.source = source;
        }
    }

    /**
     * Whether JSON starting with {@code start} is read as UTF-8, the only encoding the agent writes: Jackson would take
     * a byte order mark or a zero byte among the first four as UTF-16 or UTF-32 (where its length bound counts
     * characters, not bytes).
     */
    private static boolean utf8(byte[] start) {
        int first = start.length > 0 ? start[0] & 0xFF : -1;
        for (byte b : start) {
            if (b == 0) {
                return false;
            }
        }
        return first != 0xEF && first != 0xFE && first != 0xFF; // a byte order mark; JSON starts with ASCII
    }

    private static String problem(JsonParser parser, String reportId) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return "body is not a JSON object";
        }
        int ids = 0;
        String problem = null;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            boolean id = "reportId".equals(parser.currentName());
            token = parser.nextToken();
            if (id && ++ids > 1) {
                problem = "body has reportId twice";
            } else if (id && (token != JsonToken.VALUE_STRING || !reportId.equals(parser.getText()))) {
                problem = "body is another report's";
            }
            parser.skipChildren();
        }
        if (parser.nextToken() != null) {
            return "body holds more than one JSON value";
        }
        return problem != null ? problem : ids == 0 ? "body has no reportId" : null;
    }
}
