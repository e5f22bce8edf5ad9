package io.ceip.collector.store;

import java.sql.SQLException;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * The store route's steps: store the report ({@link ReportStore#store}), then, when it came from Kafka, commit its
 * offset (synchronously): the offset moves only after the database committed, so a node that stops in between
 * has the record delivered again, and the primary key turns the second insert into a duplicate.
 */
public final class StoreSteps {

    private final ReportStore store;

    public StoreSteps(ReportStore store) {
        this.store = store;
    }

    /** Stores the report in the body; answers what became of it (STORED, DUPLICATE, REJECTED). */
    public String store(@Body byte[] json, @Header(KafkaConstants.TIMESTAMP) Long timestamp) throws SQLException {
        return store.store(json, timestamp).name();
    }

    /** Commits the Kafka offset of the record just stored; nothing for the in-process hand-off. */
    public void commit(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit commit) {
        if (commit != null) {
            commit.commit();
        }
    }
}
