package io.ceip.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An entry of the dead-letter store that is not the store's own ({@link DeadLetterFiles}, {@link StoredReportBody}):
 * refused, and said so in one line where it was found; whoever catches this says nothing more.
 */
final class RefusedEntryException extends UncheckedIOException {

    RefusedEntryException(String reportId) {
        super(new IOException("dead letter " + reportId + " is not the store's own"));
    }
}
