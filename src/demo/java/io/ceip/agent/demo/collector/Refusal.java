package io.ceip.agent.demo.collector;

/**
 * Why the embedded collector refuses a request: the HTTP status and the short, fixed text of its answer (never an
 * exception's message, never anything taken from the request).
 */
public enum Refusal {

    CONTENT_TYPE(415, "Content-Type must be application/json"),
    CONTENT_ENCODING(415, "Content-Encoding must be gzip or none"),
    COMPRESSED_TOO_LARGE(413, "compressed body too large"),
    DECOMPRESSED_TOO_LARGE(413, "decompressed body too large"),
    UNREADABLE(400, "body could not be read"),
    NOT_GZIP(400, "body is not valid gzip"),
    EMPTY(400, "empty body"),
    NOT_JSON(400, "body is not JSON"),
    NO_REPORT_ID(400, "body has no valid reportId"),
    NO_INSTALLATION_ID(400, "body has no valid installationId"),
    NOT_A_REPORT(400, "body is not a valid report");

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
}
