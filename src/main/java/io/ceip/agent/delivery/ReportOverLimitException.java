package io.ceip.agent.delivery;

/**
 * The gzip body about to be sent is larger than {@code ceip.report.max-bytes} ({@link SendLimit#check}): it must
 * not be sent. Its message names the size and the limit, never the content.
 */
public final class ReportOverLimitException extends Exception {

    private final int bytes;

    public ReportOverLimitException(int bytes, long maxBytes) {
        super(bytes + " bytes gzip is over ceip.report.max-bytes (" + maxBytes + ")", null, false, false);
        this.bytes = bytes;
    }

    /** The size of the body, bytes. */
    public int bytes() {
        return bytes;
    }
}
