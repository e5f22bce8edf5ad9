package io.ceip.agent.demo.collector;

/**
 * A request the embedded collector refuses, and why ({@link Refusal}: its status and fixed answer, also this
 * exception's message), with how many bytes of the body were read before it was refused.
 */
public final class InvalidReportException extends Exception {

    private final Refusal refusal;
    private final long bytesRead;

    public InvalidReportException(Refusal refusal) {
        this(refusal, -1);
    }

    public InvalidReportException(Refusal refusal, long bytesRead) {
        super(refusal.text(), null, false, false);
        this.refusal = refusal;
        this.bytesRead = bytesRead;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** Bytes of the body (as sent, compressed or not) read before the refusal, or -1 when not counted. */
    public long bytesRead() {
        return bytesRead;
    }
}
