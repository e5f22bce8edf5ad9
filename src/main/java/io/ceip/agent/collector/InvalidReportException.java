package io.ceip.agent.collector;

/** A body the embedded collector refuses (answered with HTTP 400): not gzip JSON, or no valid report ID. */
public final class InvalidReportException extends Exception {

    public InvalidReportException(String message) {
        super(message);
    }
}
