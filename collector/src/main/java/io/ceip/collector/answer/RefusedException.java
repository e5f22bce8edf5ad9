package io.ceip.collector.answer;

/**
 * A refused request: carries the {@link Refusal} and, for {@link Refusal#UNKNOWN_SCHEMA_VERSION}, the version
 * (a number, safe to echo). {@link #text()} is the answer's whole body. No stack trace: this is an answer, not a
 * failure.
 */
public final class RefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;
    private final String text;
    private final boolean logged;
    private final String note;

    public RefusedException(Refusal refusal) {
        this(refusal, refusal.text(), true, "");
    }

    private RefusedException(Refusal refusal, String text, boolean logged, String note) {
        super(text, null, false, false);
        this.refusal = refusal;
        this.text = text;
        this.logged = logged;
        this.note = note;
    }

    /**
     * A report whose {@code product.name} is not its token's product; the log line (never the answer) names the
     * token's product, from the collector's own tokens file, so a vendor sees which side to fix.
     */
    public static RefusedException wrongProduct(String tokensProduct) {
        return noted(Refusal.WRONG_PRODUCT, "; the token is for product '" + tokensProduct + "'");
    }

    /** A refusal logged with {@code note} after its text (the log line only, never the answer). */
    public static RefusedException noted(Refusal refusal, String note) {
        return new RefusedException(refusal, refusal.text(), true, note);
    }

    /** A refusal answered as any other, without a log line (a flooding client's 429s after its second's first). */
    public static RefusedException unlogged(Refusal refusal) {
        return new RefusedException(refusal, refusal.text(), false, "");
    }

    /** A report of a {@code schemaVersion} this collector has no schema for; the answer names the version. */
    public static RefusedException unknownVersion(long version) {
        return new RefusedException(Refusal.UNKNOWN_SCHEMA_VERSION,
                Refusal.UNKNOWN_SCHEMA_VERSION.text() + " " + version, true, "");
    }

    public Refusal refusal() {
        return refusal;
    }

    /** Whether the refusal gets its log line (every one but a flooding client's repeated 429s). */
    public boolean getLogged() {
        return logged;
    }

    /** What the log line adds to the text (never the answer): empty, or {@code ; <note>}. */
    public String getNote() {
        return note;
    }

    /** The HTTP status of the answer. */
    public int getStatus() {
        return refusal.status();
    }

    /** The answer's body (plain text, one line). */
    public String getText() {
        return text;
    }

    /** The {@code WWW-Authenticate} challenge of the answer (the fleet view's Basic login), or empty. */
    public String getChallenge() {
        return refusal == Refusal.FLEET_UNAUTHORIZED ? "Basic realm=\"ceip-fleet\", charset=\"UTF-8\"" : "";
    }

    /** Seconds the client should wait ({@link Refusal#retryAfter()}), else 0. */
    public int getRetryAfter() {
        return refusal.retryAfter();
    }
}
