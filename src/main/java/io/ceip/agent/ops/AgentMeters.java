package io.ceip.agent.ops;

import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Clock;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * The agent's own meters, in the Micrometer registry that Camel's {@code camel.metrics.enabled=true} made
 * (camel-micrometer-prometheus), scraped as Prometheus text at {@code /observe/metrics}. Every figure is read, at
 * scrape time, from what the agent already records: {@link AgentStatus} (counters since start, the last success, the
 * last collection and report) and the {@link DeadLetterStore} (what is stored now, what was set aside). No label
 * carries a value from a report, a URL or a secret: the labels are {@code destination} (a fixed name, {@code vendor}
 * or {@code customer}: each destination's meters read its own status and store) and the dead letters' {@code state}
 * ({@code pending} or {@code rejected}); the collection's meters, one per agent, have none. The meters are documented in {@code docs/operations.md} ("Metrics").
 * <p>
 * This is the only class of the agent that uses Micrometer: it is loaded only when metrics are on, so that a
 * start without them loads no Micrometer class.
 */
public final class AgentMeters {

    /** The store is read at most once a second, however many meters a scrape reads. */
    static final long STORE_READ_EVERY_MILLIS = 1000;

    private final DeadLetterStore store;
    private final Clock clock;
    private volatile StoreFigures figures;

    private AgentMeters(DeadLetterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What the dead-letter store holds now, read at {@code at}. */
    record StoreFigures(long pending, long rejected, long bytes, Instant at) {
    }

    /**
     * Registers the meters in {@code registry} (Camel's, bound as {@code metricsRegistry}: a Micrometer
     * {@link MeterRegistry}; the parameter is an Object so that callers need not load Micrometer to decide).
     */
    public static void bind(Object registry, String destination, AgentStatus status, DeadLetterStore store,
            Clock clock) {
        MeterRegistry meters = (MeterRegistry) registry;
        AgentMeters figures = new AgentMeters(store, clock);
        Tags tags = Tags.of("destination", destination);
        counter(meters, tags, "ceip_reports_delivered", "Reports delivered (2xx) since start, new and replayed", status,
                AgentStatus::sent);
        counter(meters, tags, "ceip_reports_failed", "Delivery cycles (a new report's or a replay) that ended without"
                + " delivering, the report kept for replay, since start", status, AgentStatus::failed);
        counter(meters, tags, "ceip_reports_rejected", "Reports refused by the collector (a status not retried, such as"
                + " 400), kept as rejected, since start", status, AgentStatus::rejected);
        counter(meters, tags, "ceip_retries", "Failed attempts retried within their delivery cycle, since start", status,
                AgentStatus::retries);
        counter(meters, tags, "ceip_reports_lost", "Reports lost because the store could not write them and more than"
                + " ceip.dead-letter.memory-entries were already kept in memory, since start", status,
                AgentStatus::lostReports);
        Gauge.builder("ceip_dead_letter_entries", figures, f -> f.read().pending()).tags(tags)
                .tag("state", DeadLetter.PENDING)
                .strongReference(true).description("Reports in the dead-letter store, by state").register(meters);
        Gauge.builder("ceip_dead_letter_entries", figures, f -> f.read().rejected()).tags(tags)
                .tag("state", DeadLetter.REJECTED)
                .strongReference(true).description("Reports in the dead-letter store, by state").register(meters);
        gauge(meters, tags, "ceip_dead_letter_bytes", "Bytes of the reports in the dead-letter store", figures,
                f -> f.read().bytes());
        gauge(meters, tags, "ceip_quarantined_entries", "Entries and stray files the dead-letter store set aside since"
                + " start (quarantine/), never sent", store, DeadLetterStore::quarantined);
        gauge(meters, tags, "ceip_last_success_timestamp_seconds", "Time of the last delivery (Unix seconds; kept across"
                + " restarts by the ledger); 0: none yet", status,
                s -> s.lastSuccess() == null ? 0 : s.lastSuccess().toEpochMilli() / 1000.0);
        if (!"vendor".equals(destination)) {
            return;
        }
        gauge(meters, Tags.empty(), "ceip_last_collection_duration_seconds", "Duration of the last collection, seconds; NaN: none"
                + " since start", status,
                s -> s.lastCollectionMillis() < 0 ? Double.NaN : s.lastCollectionMillis() / 1000.0);
        gauge(meters, Tags.empty(), "ceip_last_report_size_bytes", "Gzip size of the last report made, bytes; NaN: none since start",
                status, s -> s.lastReportBytes() < 0 ? Double.NaN : s.lastReportBytes());
    }

    /**
     * Registers {@code ceip_dead_letter_unsent} of {@code destination} in {@code registry}, as {@link #bind}: what its
     * store keeps that no replay sends, by {@code reason} ({@code over-limit}, {@code later-version}:
     * {@link KeptUnsent}).
     */
    public static void bindKeptUnsent(Object registry, String destination, KeptUnsent kept) {
        MeterRegistry meters = (MeterRegistry) registry;
        String description = "Reports the dead-letter store keeps that no replay sends, by reason";
        gauge(meters, Tags.of("destination", destination, "reason", "over-limit"), "ceip_dead_letter_unsent",
                description, kept, KeptUnsent::getOverLimit);
        gauge(meters, Tags.of("destination", destination, "reason", "later-version"), "ceip_dead_letter_unsent",
                description, kept, KeptUnsent::getOfALaterVersion);
    }

    /** Registers the product events' counters ({@code ceip_events_*}) in {@code registry}, as {@link #bind}. */
    public static void bindEvents(Object registry, EventCounters events) {
        eventCounters((MeterRegistry) registry, events);
    }

    private static void eventCounters(MeterRegistry meters, EventCounters events) {
        eventCounter(meters, "ceip_events_accepted", "Product events accepted from spool files and the HTTP intake"
                + " since start", events, EventCounters::getAccepted);
        eventCounter(meters, "ceip_events_refused_lines", "Event lines refused (not an event, too long) since start",
                events, EventCounters::getRefusedLines);
        eventCounter(meters, "ceip_events_refused_files", "Spool files refused unread (too big, a link, unreadable)"
                + " since start", events, EventCounters::getRefusedFiles);
        eventCounter(meters, "ceip_events_overflowed", "Events counted under other because a bound was reached,"
                + " since start", events, EventCounters::getOverflowed);
        eventCounter(meters, "ceip_events_deleted_unread", "Spool files deleted unread (consent below full) since"
                + " start", events, EventCounters::getDeletedUnread);
    }

    private static void eventCounter(MeterRegistry meters, String name, String description, EventCounters events,
            ToDoubleFunction<EventCounters> value) {
        FunctionCounter.builder(name, events, value).description(description).register(meters);
    }

    private static void counter(MeterRegistry meters, Tags tags, String name, String description,
            AgentStatus status, ToDoubleFunction<AgentStatus> value) {
        FunctionCounter.builder(name, status, value).tags(tags).description(description).register(meters);
    }

    private static <T> void gauge(MeterRegistry meters, Tags tags, String name, String description, T source,
            ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).tags(tags).strongReference(true).description(description)
                .register(meters);
    }

    /** The store's figures, read again when the last reading is older than {@value #STORE_READ_EVERY_MILLIS} ms. */
    StoreFigures read() {
        Instant now = clock.instant();
        StoreFigures last = figures;
        if (last == null || now.toEpochMilli() - last.at().toEpochMilli() >= STORE_READ_EVERY_MILLIS
                || now.isBefore(last.at())) {
            long pending = 0;
            long rejected = 0;
            for (DeadLetter entry : store.entries()) {
                if (DeadLetter.REJECTED.equals(entry.state())) {
                    rejected++;
                } else {
                    pending++;
                }
            }
            last = new StoreFigures(pending, rejected, store.totalBytes(), now);
            figures = last;
        }
        return last;
    }
}
