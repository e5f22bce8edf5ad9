package io.ceip.collector.store;

import io.ceip.collector.intake.Intake;
import io.ceip.collector.validate.Report;

import java.sql.SQLException;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * The store route's steps: store the report ({@link ReportStore#store}; in the single node's in-process hand-off the
 * report the intake read, {@link Intake#REPORT}, so its tree is not built twice), then, when it came from Kafka,
 * commit its offset (synchronously): the offset moves only after the database committed, so a node that stops in
 * between has the record delivered again, and the primary key turns the second insert into a duplicate.
 */
public final class StoreSteps {

    private final ReportStore store;

    public StoreSteps(ReportStore store) {
        this.store = store;
    }

    /**
     * Stores the report in the body; answers what became of it (STORED, DUPLICATE, REJECTED). A record that is no
     * report is REJECTED (and so committed), named by its topic, partition and offset in its log line.
     */
    public String store(@Body byte[] json, @ExchangeProperty(Intake.REPORT) Report checked,
            @Header(KafkaConstants.TIMESTAMP) Long timestamp, @Header(KafkaConstants.TOPIC) String topic,
            @Header(KafkaConstants.PARTITION) Integer partition, @Header(KafkaConstants.OFFSET) Long offset)
            throws SQLException {
        String where = topic == null ? "of the hand-off" : topic + "-" + partition + " offset " + offset;
        if (topic == null && checked != null) { // the single node's in-process hand-off: the intake's own reading
            return store.store(checked, timestamp, where).name();
        }
        return store.store(json, timestamp, where).name();
    }

    /** Commits the Kafka offset of the record just stored; nothing for the in-process hand-off. */
    public void commit(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit commit) {
        if (commit != null) {
            commit.commit();
        }
    }
}
