package io.ceip.agent;

import io.ceip.agent.config.Settings;
import io.ceip.agent.delivery.Destination;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.LedgerAtStart;
import io.ceip.agent.outbox.SentReports;
import io.ceip.agent.outbox.StoreOwnership;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox stage: the dead-letter store (every report is stored before it is sent; owned by one process, which
 * recovers it at start and replays it: {@link StoreOwnership}), the
 * delivery queue in front of it (claims, and the reports kept in memory while the store cannot be written) and the
 * delivery ledger (every attempt), from which the agent's status is restored ({@link LedgerAtStart}: never fatal).
 */
final class OutboxConfiguration {

    /** What later stages need: the store, its delivery queue and the ledger; the customer destination's, if on. */
    record Outbox(DeadLetterStore store, DeliveryQueue queue, DeliveryLedger ledger, SentReports sent,
            Optional<Side> customer) {
    }

    /** The store, queue, ledger, sent copies and status of a destination beside the vendor's. */
    record Side(DeliveryQueue queue, DeliveryLedger ledger, SentReports sent, AgentStatus status) {
    }

    private OutboxConfiguration() {
    }


    static Outbox configure(Wiring wiring, AgentStatus status) throws Exception {
        Settings settings = wiring.settings();
        int memory = (int) settings.number("ceip.dead-letter.memory-entries");
        Path vendorStore = settings.path("ceip.dead-letter.directory");
        DeliveryLedger ledger = ledger(settings, wiring.dataDirectory(), Destination.VENDOR, wiring.clock());
        DeadLetterStore store = store(wiring, vendorStore, ledger);
        LedgerAtStart.restore(ledger, status, wiring.readsOnly());
        DeliveryQueue queue = new DeliveryQueue(store, status, memory, wiring.clock(), owned(wiring, store, status));
        Optional<Side> customer = Optional.empty();
        if (settings.bool("ceip.customer-endpoint.enabled")) {
            // the customer's own store and ledger: its reports are kept, retried and replayed apart from the vendor's
            Path directory = settings.path("ceip.customer-endpoint.directory");
            apart(directory, wiring.dataDirectory(), vendorStore);
            AgentStatus customerStatus = new AgentStatus();
            DeliveryLedger customerLedger = ledger(settings, directory, Destination.CUSTOMER, wiring.clock());
            LedgerAtStart.restore(customerLedger, customerStatus, wiring.readsOnly());
            DeadLetterStore customerStore = store(wiring, directory.resolve("dead-letter"), customerLedger);
            customer = Optional.of(new Side(new DeliveryQueue(customerStore, customerStatus, memory, wiring.clock(),
                    owned(wiring, customerStore, customerStatus)), customerLedger, sent(wiring, directory),
                    customerStatus));
        }
        return new Outbox(store, queue, ledger, sent(wiring, wiring.dataDirectory()), customer);
    }

    /**
     * The customer's directory is its own: sharing the vendor's ledger, sent copies or dead-letter store would mix the
     * two destinations' outcomes, and two owners of one store's lock file in this process would let each other's
     * locks go (closing a channel drops every lock the process holds on the file).
     */
    private static void apart(Path customer, Path data, Path vendorStore) {
        Path mine = customer.toAbsolutePath().normalize();
        Path store = mine.resolve("dead-letter");
        if (mine.equals(data.toAbsolutePath().normalize()) || store.equals(vendorStore.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("ceip.customer-endpoint.directory: " + customer + " holds the vendor's"
                    + " ledger or dead-letter store (ceip.data.directory, ceip.dead-letter.directory); give the"
                    + " customer's copies a directory of their own");
        }
    }

    /**
     * A store's directory holds the store alone: its start-up check moves every name it does not give to its
     * quarantine, so one that is, or holds, another of the agent's directories (the data directory with the
     * installation ID, the consent and its audit, the ledger; the sent copies; the spool) stops the start in one line
     * naming its setting, before anything is written or moved (review s31: the data directory as the store moved them
     * all to its quarantine). Called with the other checks of directories, first.
     */
    static void storesOfTheirOwn(Wiring wiring) {
        Settings settings = wiring.settings();
        Map<Path, String> others = others(wiring);
        Path vendorStore = settings.path("ceip.dead-letter.directory");
        ofItsOwn(vendorStore, "ceip.dead-letter.directory", others);
        if (settings.bool("ceip.customer-endpoint.enabled")) { // the vendor's own files and store: apart()
            Path customerStore = settings.path("ceip.customer-endpoint.directory").resolve("dead-letter");
            ofItsOwn(customerStore, "ceip.customer-endpoint.directory's dead-letter/", others);
        }
    }

    /** The agent's directories a store's directory may neither be nor hold, each with what it is. */
    private static Map<Path, String> others(Wiring wiring) {
        Settings settings = wiring.settings();
        Map<Path, String> others = new LinkedHashMap<>();
        others.put(wiring.dataDirectory(), "the data directory (ceip.data.directory)");
        others.put(wiring.dataDirectory().resolve("sent"), "the copies of the reports sent");
        others.put(settings.path("ceip.events.directory"), "the events spool (ceip.events.directory)");
        others.put(settings.path("ceip.collector.directory"), "the embedded collector's directory"
                + " (ceip.collector.directory)");
        others.put(settings.path("ceip.customer-endpoint.directory"), "the customer destination's directory"
                + " (ceip.customer-endpoint.directory)");
        Map<Path, String> normalized = new LinkedHashMap<>();
        others.forEach((path, what) -> normalized.putIfAbsent(path.toAbsolutePath().normalize(), what));
        return normalized;
    }

    /** Refuses {@code store} ({@code key}'s) when it is, or holds, one of {@code others}. */
    private static void ofItsOwn(Path store, String key, Map<Path, String> others) {
        Path mine = store.toAbsolutePath().normalize();
        others.forEach((other, what) -> {
            if (other.startsWith(mine)) {
                throw new IllegalArgumentException(key + " " + store + " is or holds " + what + ": the store moves"
                        + " everything it did not write there to its quarantine; give it a directory of its own"
                        + (key.startsWith("ceip.dead-letter.") ? " (the default is dead-letter/ in the data directory)"
                        : ""));
            }
        });
    }

    private static DeadLetterStore store(Wiring wiring, Path directory, DeliveryLedger ledger) {
        Settings settings = wiring.settings();
        return new DeadLetterStore(directory, wiring.mapper(), wiring.clock(),
                (int) settings.number("ceip.dead-letter.max-entries"), settings.number("ceip.dead-letter.max-bytes"),
                ledger);
    }

    /**
     * Takes the store for as long as this process runs ({@link StoreOwnership}) and, when it is the owner, recovers it.
     * The running agent waits for a {@code send} that owns it to end (one line says so); a {@code send} beside the
     * running agent stores and sends its own report only, and leaves recovery and replay to it; {@code preview} and
     * {@code export} only look. A lock file that cannot be locked: one WARN line, no recovery, tried again by the
     * next replay.
     */
    private static StoreOwnership owned(Wiring wiring, DeadLetterStore store, AgentStatus status) throws Exception {
        if (wiring.readsOnly()) {
            return StoreOwnership.none();
        }
        StoreOwnership ownership = StoreOwnership.take(store.directory(), wiring.oneShot() ? null
                : () -> Wiring.LOG.warn("Waiting for the dead-letter store {}: another process holds it ({}): a"
                        + " ceip-agent send ends soon; a second agent on this store never does",
                        OwnerOnlyFiles.shown(store.directory()), StoreOwnership.NAME));
        wiring.closeOnStop(ownership);
        if (ownership.failure() != null) {
            Wiring.LOG.warn("The dead-letter store {} is not checked at start by this process: {}; its reports are"
                    + " stored, and replayed once it can be locked", OwnerOnlyFiles.shown(store.directory()),
                    ownership.failure());
        } else if (ownership.owned()) {
            recover(store, status);
        }
        return ownership;
    }

    /**
     * The delivery ledger of {@code destination} ({@code vendor}, {@code customer}): {@code ledger.log} in
     * {@code directory} (the data directory, or the customer's), rotated as the settings say.
     */
    static DeliveryLedger ledger(Settings settings, Path directory, String destination, Clock clock) {
        return new DeliveryLedger(directory.resolve("ledger.log"), settings.number("ceip.ledger.max-bytes"),
                (int) settings.number("ceip.ledger.keep-files"), clock, destination);
    }

    /** The copies of the last delivered reports, {@code sent/} in the directory of the destination's ledger. */
    private static SentReports sent(Wiring wiring, Path directory) {
        return new SentReports(directory.resolve("sent"), (int) wiring.settings().number("ceip.ledger.keep-sent"),
                wiring.clock());
    }

    /**
     * The store's start-up check ({@link DeadLetterStore#recover}). A store that cannot be written or read then (a
     * full disk: a body left without metadata cannot be adopted) does not stop the start: one WARN line, health DOWN
     * until a write succeeds, and what it holds stays as it is, checked again by the next start.
     */
    static void recover(DeadLetterStore store, AgentStatus status) {
        int quarantined;
        try {
            quarantined = store.recover();
        } catch (UncheckedIOException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String problem = "the dead-letter store " + store.directory() + " could not be checked at start ("
                    + cause.getClass().getSimpleName() + ")";
            status.storeProblem(problem + ": what it holds is kept as it is and checked again at the next start");
            Wiring.LOG.warn("{}; what it holds is kept as it is, sent when it can be, and checked again at the next"
                    + " start", problem);
            return;
        }
        if (quarantined > 0) {
            Wiring.LOG.warn("Dead-letter store: {} entr{} or stray file{} quarantined in {}; never sent", quarantined,
                    quarantined == 1 ? "y" : "ies", quarantined == 1 ? "" : "s",
                    store.directory().resolve("quarantine"));
        }
    }
}
