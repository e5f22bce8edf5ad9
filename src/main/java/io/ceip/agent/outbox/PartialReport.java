package io.ceip.agent.outbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Whether a report is partial, as its own {@code failures} say (some part of its collection failed): how many, and the
 * first {@value #NAMED} by source and reason (never a message), in the report's order. One wording for every answer
 * and status ({@link #said()}: {@code " (partial: 2 failures: database connection, query:hosts timeout; see the
 * log)"}, nothing for a whole report) and one ledger field ({@link #ledgerField()}: {@code partial=2:database/connection,
 * query:hosts/timeout}, a {@code +N} for the failures not named; absent for a whole report, so a whole report's ledger
 * line is as it always was). A source or reason read from a kept body (hostile) keeps letters, digits and
 * {@code : _ . -} only (anything else {@code ?}), at most {@value #MAX_TEXT} characters.
 */
public record PartialReport(int count, List<Failure> named) {

    /** Exchange property: the partiality of the body about to be sent (set before each attempt). */
    public static final String PROPERTY = "ceipPartial";
    /** A whole report: no failure. */
    public static final PartialReport WHOLE = new PartialReport(0, List.of());
    /** The most failures named. */
    public static final int NAMED = 3;
    /** The longest the agent writes: {@code query:} and a usage query's name of 64 ({@code collect.UsageQueries}). */
    static final int MAX_TEXT = 70;

    private static final Pattern FIELD = Pattern.compile("\\d{1,9}(:[A-Za-z0-9:_.?-]{1,70}/[A-Za-z0-9:_.?-]{1,70}"
            + "(,[A-Za-z0-9:_.?-]{1,70}/[A-Za-z0-9:_.?-]{1,70}){0,2}(,\\+\\d{1,9})?)?");
    /** Only a failure's source and reason are ever read whole: a longer one is not the agent's (said whole). */
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(4096).build()).build();

    /** One failure: where, and why (a reason of {@code report.FailureReason}). */
    public record Failure(String source, String reason) {
        public Failure {
            source = safe(source);
            reason = safe(reason);
        }
    }

    public PartialReport {
        named = List.copyOf(named.subList(0, Math.min(NAMED, named.size())));
    }

    /** {@code count} failures, the first of which are {@code first} (only {@value #NAMED} are kept). */
    public static PartialReport of(int count, List<Failure> first) {
        return count <= 0 ? WHOLE : new PartialReport(count, first);
    }

    public boolean partial() {
        return count > 0;
    }

    /** The one wording: {@code " (partial: 1 failure: query:hosts undefined-object; see the log)"}, or empty. */
    public String said() {
        if (!partial()) {
            return "";
        }
        List<String> names = named.stream().map(failure -> failure.source() + " " + failure.reason()).toList();
        return " (partial: " + count + " failure" + (count == 1 ? "" : "s") + ": " + String.join(", ", names)
                + (count > names.size() ? " and " + (count - names.size()) + " more" : "") + "; see the log)";
    }

    /** The ledger field, {@code partial=2:database/connection,query:hosts/timeout}; empty for a whole report. */
    public String ledgerField() {
        if (!partial()) {
            return "";
        }
        List<String> names = named.stream().map(failure -> failure.source() + "/" + failure.reason()).toList();
        return "partial=" + count + (names.isEmpty() ? "" : ":" + String.join(",", names))
                + (count > names.size() && !names.isEmpty() ? ",+" + (count - names.size()) : "");
    }

    /** The value of a ledger field {@link #ledgerField()} wrote, or null when it is not of that form. */
    static PartialReport fromLedger(String value) {
        if (!FIELD.matcher(value).matches()) {
            return null;
        }
        int colon = value.indexOf(':');
        int count = Integer.parseInt(colon < 0 ? value : value.substring(0, colon));
        List<Failure> named = new ArrayList<>();
        for (String part : colon < 0 ? new String[0] : value.substring(colon + 1).split(",")) {
            int slash = part.lastIndexOf('/');
            if (slash > 0) {
                named.add(new Failure(part.substring(0, slash), part.substring(slash + 1)));
            }
        }
        return count < named.size() ? null : of(count, named);
    }

    /**
     * What the gzip report {@code gzipReport} says of itself: its top-level {@code failures}, read as a stream (every
     * other value skipped unread; only the first {@value #NAMED} failures' {@code source} and {@code reason} read, the
     * rest counted). A body that cannot be read so is said whole: it is sent as it is, and its own check is elsewhere.
     */
    public static PartialReport read(byte[] gzipReport) {
        try (JsonParser parser = JSON.createParser(new GZIPInputStream(new ByteArrayInputStream(gzipReport)))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return WHOLE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("failures") && value == JsonToken.START_ARRAY) {
                    return failures(parser);
                }
                parser.skipChildren();
            }
            return WHOLE;
        } catch (IOException | RuntimeException e) {
            return WHOLE;
        }
    }

    private static PartialReport failures(JsonParser parser) throws IOException {
        int count = 0;
        List<Failure> named = new ArrayList<>();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY && item != null;
                item = parser.nextToken()) {
            count++;
            if (item != JsonToken.START_OBJECT || named.size() == NAMED) {
                parser.skipChildren();
                continue;
            }
            String source = "?", reason = "?";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && (name.equals("source") || name.equals("reason"))) {
                    String text = parser.getText();
                    source = name.equals("source") ? text : source;
                    reason = name.equals("reason") ? text : reason;
                } else {
                    parser.skipChildren();
                }
            }
            named.add(new Failure(source, reason));
        }
        return of(count, named);
    }

    /** Letters, digits and {@code : _ . -} kept, anything else {@code ?}, at most {@value #MAX_TEXT} characters. */
    private static String safe(String text) {
        String cut = text == null || text.isEmpty() ? "?" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.append(c < 128 && (Character.isLetterOrDigit(c) || ":_.-".indexOf(c) >= 0)
                ? (char) c : '?'));
        return out.toString();
    }
}
