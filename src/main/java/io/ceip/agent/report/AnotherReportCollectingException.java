package io.ceip.agent.report;

/**
 * A report was not made: another report held the collection's turn ({@link OneReportAtATime}) for longer than the
 * patience. The message names that report and since when, never any data; the route's error handler
 * ({@code ceip-report-errors}) logs it in one line, without a stack trace.
 */
public final class AnotherReportCollectingException extends RuntimeException {

    AnotherReportCollectingException(String message) {
        super(message);
    }
}
