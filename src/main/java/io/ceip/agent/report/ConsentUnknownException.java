package io.ceip.agent.report;

import java.io.UncheckedIOException;

/**
 * Consent could not be decided for a report cycle because a file it is decided from failed (a damaged
 * {@code data/consent}, an audit log that cannot be read or written): nothing is collected or sent, nothing kept is
 * deleted. Its message says which file and what is wrong, never what the file holds; the route's error handler
 * ({@code ceip-report-errors}) logs it in one line, without a stack trace.
 */
public final class ConsentUnknownException extends RuntimeException {

    ConsentUnknownException(RuntimeException failure) {
        super(reason(failure), failure);
    }

    /**
     * Why consent cannot be decided, in one line: the file and what is wrong for a file that failed, else the class of
     * what was thrown; never what a file holds.
     */
    public static String reason(RuntimeException failure) {
        return failure instanceof UncheckedIOException || failure instanceof IllegalStateException
                ? failure.getMessage() + (failure.getCause() == null ? ""
                        : " (" + failure.getCause().getClass().getSimpleName() + ")")
                : failure.getClass().getSimpleName();
    }
}
