package io.ceip.collector.answer;

/**
 * Why the intake refuses a request: the HTTP status and the short, fixed text of its answer (never an exception's
 * message, never anything taken from the request).
 */
public enum Refusal {

    UNAUTHORIZED(401, "missing or unknown product token"),
    WRONG_PRODUCT(401, "token not valid for this product"),
    CONTENT_TYPE(415, "Content-Type must be application/json"),
    CONTENT_ENCODING(415, "Content-Encoding must be gzip or none"),
    COMPRESSED_TOO_LARGE(413, "compressed body too large"),
    DECOMPRESSED_TOO_LARGE(413, "decompressed body too large"),
    TOO_MANY_TOKENS(413, "report has too many JSON elements"),
    NOT_GZIP(400, "body is not valid gzip"),
    UNREADABLE(400, "body could not be read"),
    BODY_TOO_SLOW(408, "request body too slow"),
    EMPTY(400, "empty body"),
    NOT_JSON(400, "body is not JSON"),
    NOT_UTF8(400, "body must be JSON in UTF-8 without a byte order mark"),
    NO_SCHEMA_VERSION(400, "report has no integer schemaVersion"),
    UNKNOWN_SCHEMA_VERSION(400, "unknown schemaVersion"),
    NO_REPORT_ID(400, "report has no valid reportId"),
    NO_INSTALLATION_ID(400, "report has no valid installationId"),
    NOT_A_REPORT(400, "report does not match its schema"),
    NOT_WHOLE_NUMBER(400, "report has a number with a fraction or an exponent"),
    NOT_STORABLE(400, "report has a NUL or an unpaired surrogate in a text"),
    GENERATED_AT_OUT_OF_RANGE(400, "report has a generatedAt outside the years 0001 to 9999"),
    STORE_REFUSED(400, "report refused by the database"),
    URL_PARAMETERS(400, "no parameters in the URL: send the token in the Authorization header"),
    AMBIGUOUS_LENGTH(400,
            "Transfer-Encoding (chunked only) and Content-Length may not come together, nor either twice"),
    BODY_NOT_TAKEN(400, "only POST /v1/reports takes a body"),
    /** Host twice, or none in HTTP/1.1. */
    HOST_TWICE(400, "a request carries one Host header"),
    REPEATED_HEADER(400, "Authorization, Content-Type and Content-Encoding may each be sent once"),
    TOO_MANY_REQUESTS(429, "too many requests"),
    BUSY(503, "busy, retry later"),
    FLEET_TIMEOUT(503, "fleet figures took too long, retry later"),
    FLEET_UNAUTHORIZED(401, "the fleet view needs its token"),
    NO_SUCH_FIGURE(404, "no such figure"),
    NO_SUCH_PATH(404, "no such path"),
    METHOD_NOT_TAKEN(405, "this path does not take that method");

    private final int status;
    private final String text;

    Refusal(int status, String text) {
        this.status = status;
        this.text = text;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The answer's body (plain text). */
    public String text() {
        return text;
    }

    /**
     * Seconds the client should wait, its answer's {@code Retry-After} (429: 1; 503 busy: 5, as the server's own busy
     * answer; the fleet view's queries past their time: 30, as a database failure), else 0: none.
     */
    public int retryAfter() {
        return this == TOO_MANY_REQUESTS ? 1 : this == BUSY ? 5 : this == FLEET_TIMEOUT ? 30 : 0;
    }
}
