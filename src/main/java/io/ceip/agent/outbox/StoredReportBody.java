package io.ceip.agent.outbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * What a stored body must be to be sent as the report of its entry: complete gzip that decompresses to at most
 * {@value DeadLetterFiles#MAX_JSON_BYTES} bytes of exactly one JSON object, whose top-level {@code reportId} appears
 * once and is the entry's report ID (the name of its files). Anything else was not written by the store as it is (a
 * foreign file, another report's body renamed, a torn or planted one): it is never sent, and never taken for the
 * collector being unreachable. Read as a stream of tokens, never whole nor as a tree: every value but the top-level
 * {@code reportId} is skipped unread (that one is read up to {@value #MAX_ID_CHARS} characters), a field name is held
 * up to Jackson's default of 50,000 characters, and nesting is limited to Jackson's default of 1,000 levels.
 */
final class StoredReportBody {

    static final int MAX_ID_CHARS = 64;

    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(DeadLetterFiles.MAX_JSON_BYTES).maxStringLength(MAX_ID_CHARS).build()).build();

    private StoredReportBody() {
    }

    /** Why the gzip body read from {@code gzip} is not the report {@code reportId}, or null when it is. */
    static String problem(InputStream gzip, String reportId) {
        try (JsonParser parser = JSON.createParser(new GZIPInputStream(gzip))) {
            return problem(parser, reportId);
        } catch (StreamConstraintsException e) {
            return "body is beyond a report's bounds (" + DeadLetterFiles.MAX_JSON_BYTES
                    + " bytes of JSON, its depth, a name's or reportId's length)";
        } catch (JsonProcessingException e) {
            return "body is not one JSON object";
        } catch (IOException e) {
            return "body is not complete gzip";
        }
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
