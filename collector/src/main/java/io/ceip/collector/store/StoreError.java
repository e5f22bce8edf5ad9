package io.ceip.collector.store;

/**
 * A Java {@link Error} (not an exception: out of memory, a stack overflow, a class that failed to load) thrown while
 * a report was being stored, carried as an exception: Camel's routes hand a bare {@code Error} to no
 * {@code onException} of theirs, so the intake answered it 500 and Camel's default error handler logged an ERROR line
 * with its whole stack trace. As this exception it is one of the store's own failures: in the single node's
 * in-process hand-off the intake answers it 503 with {@code Retry-After} and one WARN line; from Kafka the record is
 * polled again after a wait, its offset not committed ({@link StoreSteps}). Its message is the error's class only,
 * never the error's own message.
 */
public final class StoreError extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreError(Error error) {
        super(error.getClass().getName(), error);
    }
}
