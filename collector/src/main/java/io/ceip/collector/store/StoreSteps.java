package io.ceip.collector.store;

import io.ceip.collector.intake.Intake;
import io.ceip.collector.validate.Report;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * The store route's steps: store the report ({@link ReportStore#store}; in the single node's in-process hand-off the
 * report the intake read, {@link Intake#REPORT}, so its tree is not built twice), then, when it came from Kafka,
 * commit its offset (synchronously): the offset moves only after the database committed, so a node that stops in
 * between has the record delivered again, and the primary key turns the second insert into a duplicate. A Kafka
 * record the database cannot take now (it is down) is polled again ({@code breakOnFirstError}) after a wait that
 * doubles with each failure in a row, from {@value #FIRST_WAIT_MS} ms to {@value #LONGEST_WAIT_MS} ms (the consumer
 * polled it again at once, about twice a second, while the database was down). A Java {@link Error} while storing is
 * such a failure too, as a {@link StoreError}: never committed past, never answered 202.
 * <p>
 * A Kafka record that fails {@code collector.store.quarantine-after-attempts} times in a row (default 10, about a
 * minute of waits; 0: never), each time for a reason that may be its own ({@link StoreFailure#isTheRecords}: a stack
 * overflow, a value a constraint refuses), is kept whole in the quarantine table ({@link Quarantine}, its own
 * transaction) and its offset committed, so that one poison record does not stop its partition for good; should the
 * quarantine's insert fail too, it waits and is tried again. The quarantine holds at most
 * {@code collector.store.quarantine-max-records} (default 1000): a poison record finding it full is not committed past,
 * its partition waits at it (Kafka keeps it, nothing is dropped; one WARN line) and it is tried again after the longest
 * wait, quarantined once an operator made room ({@link QuarantinedRecords}). Every other failure (the database down, a
 * table missing) waits and is tried again for ever, however long it lasts.
 */
public final class StoreSteps {

    /** The outcome of a Kafka record kept in the quarantine table. */
    static final String QUARANTINED = "QUARANTINED";
    static final long FIRST_WAIT_MS = 1000;
    static final long LONGEST_WAIT_MS = 8000;

    private final ReportStore store;
    private final int quarantineAfter;
    private final long quarantineMax;
    /** Failures of the database in a row, for Kafka records (one consumer thread); 0 after a record it took. */
    private int failures;
    /**
     * Per partition ({@link Quarantine.Place#partitionName}) with a record failing for a reason of its own: its offset and its tries
     * in a row. Per partition, so that records of another partition of this consumer stored between the tries do not
     * start the count again (they did: the poison then stopped its partition for good); an entry goes once its
     * partition stores or quarantines a record (at most one per partition of the topic).
     */
    private final Map<String, long[]> failing = new ConcurrentHashMap<>();

    /**
     * @param quarantineAfter tries of a record failing for a reason of its own before it is quarantined; 0: never
     * @param quarantineMax the most records the quarantine table holds ({@code collector.store.quarantine-max-records})
     */
    public StoreSteps(ReportStore store, int quarantineAfter, long quarantineMax) {
        this.store = store;
        this.quarantineAfter = quarantineAfter;
        this.quarantineMax = quarantineMax;
    }

    /**
     * Stores the report in the body; answers what became of it (STORED, DUPLICATE, REJECTED). A record that is no
     * report is REJECTED (and so committed), named by its topic, partition and offset in its log line.
     * <p>
     * The single node's in-process hand-off (no topic) answers a failure of the store instead of throwing it: the
     * exception itself, which the intake's {@link Intake#handedOff} throws again in the intake route, whose error
     * handling answers it 503 with {@code Retry-After} and one WARN line. Thrown here, in the store route, the store's
     * own error handling ended it (the intake's never saw it): 500 without a log line or {@code Retry-After}. A
     * runtime failure there is the collector's, never the report's: it is not REJECTED (which the intake answers 400).
     * A Java {@link Error} is answered (in-process) or thrown (Kafka) as a {@link StoreError}.
     */
    public Object store(@Body byte[] json, @ExchangeProperty(Intake.REPORT) Report checked,
            @Header(KafkaConstants.TIMESTAMP) Long timestamp, @Header(KafkaConstants.TOPIC) String topic,
            @Header(KafkaConstants.PARTITION) Integer partition, @Header(KafkaConstants.OFFSET) Long offset,
            @Header(KafkaConstants.KEY) Object key) throws SQLException, StoreError {
        if (topic == null && checked != null) { // the single node's in-process hand-off: the intake's own reading
            try {
                return store.store(checked, timestamp, null).name();
            } catch (SQLException | RuntimeException e) {
                return e;
            } catch (Error e) {
                return new StoreError(e);
            }
        }
        Quarantine.Place place = topic == null ? null : new Quarantine.Place(topic, partition, offset);
        try {
            String outcome = store.store(json, timestamp, place == null ? "of the hand-off" : place.toString()).name();
            failures = 0;
            if (place != null) {
                failing.remove(place.partitionName());
            }
            return outcome;
        } catch (SQLException e) {
            return failed(e, place, key, json, timestamp);
        } catch (Error e) {
            return failed(new StoreError(e), place, key, json, timestamp);
        }
    }

    /**
     * A Kafka record that failed: {@link #QUARANTINED} once its own failures reached the bound and the quarantine
     * took it; else (and for the in-process hand-off, at once) {@code failure} is thrown, after a wait for Kafka's.
     */
    private String failed(Exception failure, Quarantine.Place place, Object key, byte[] json, Long timestamp)
            throws SQLException, StoreError {
        if (place != null) {
            if (quarantineAfter > 0 && StoreFailure.isTheRecords(failure)) {
                long[] was = failing.get(place.partitionName());
                int attempts = was != null && was[0] == place.offset() ? (int) was[1] + 1 : 1;
                failing.put(place.partitionName(), new long[] {place.offset(), attempts});
                if (attempts >= quarantineAfter && quarantined(place, key, json, timestamp, failure, attempts)) {
                    return QUARANTINED;
                }
            }
            pause();
        }
        if (failure instanceof SQLException sql) {
            throw sql;
        }
        throw (StoreError) failure;
    }

    /**
     * Keeps the record in the quarantine table; false when the database cannot take it there either, or the table is
     * full (both: the record waits, polled again).
     */
    private boolean quarantined(Quarantine.Place place, Object key, byte[] json, Long timestamp, Exception failure,
            int attempts) {
        byte[] keyBytes = key instanceof byte[] bytes ? bytes
                : key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (!store.quarantine(place, keyBytes, json, timestamp, StoreFailure.reason(failure), attempts,
                    quarantineMax)) {
                return false; // full: ReportStore's one WARN line; its partition waits at it, tried again
            }
        } catch (SQLException | RuntimeException e) {
            return false; // the consumer's WARN line names the record's own failure; tried again after the wait
        }
        failures = 0;
        failing.remove(place.partitionName());
        return true;
    }

    /** Waits before the failed record is polled again: longer after each failure in a row, at most the longest. */
    private void pause() {
        long wait = Math.min(FIRST_WAIT_MS << Math.min(failures, 10), LONGEST_WAIT_MS);
        failures++;
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the node stops: the record is polled again at its next start
        }
    }

    /** Commits the Kafka offset of the record just stored; nothing for the in-process hand-off. */
    public void commit(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit commit) {
        if (commit != null) {
            commit.commit();
        }
    }
}
