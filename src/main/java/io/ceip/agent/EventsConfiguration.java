package io.ceip.agent;

import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.ConsentLevelFile;
import io.ceip.agent.events.EventCatalog;
import io.ceip.agent.events.EventRecorder;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.events.EventsOwnership;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The product events stage: the vendor's catalog ({@code ceip.events.catalog-file}), the events' window and its
 * file ({@code events-aggregate.json.gz} in the data directory, read back here), the spool the route
 * {@code ceip-events} reads ({@code eventSpool}) and its poll strategy ({@code eventSpoolPoll}), and the
 * {@code consent-level} file, written here once at start while the spool is read ({@code ceip.events.enabled}; the
 * one-shot commands switch it off and write nothing), and the HTTP intake ({@link EventsIntakeConfiguration}). Below
 * full consent nothing is loaded (the first poll removes
 * what is kept). With the demo data on and consent full, the demo's sample events are aggregated in memory.
 */
final class EventsConfiguration {

    /** How long the running agent waits at start for another process to let the events go, in seconds. */
    static final int OWNER_WAIT_SECONDS = 30;

    /** The aggregate file's name in the data directory. */
    static final String AGGREGATE_FILE = "events-aggregate.json.gz";

    private EventsConfiguration() {
    }

    static EventStore configure(Wiring wiring, Privacy privacy) throws Exception {
        Settings settings = wiring.settings();
        EventCatalog catalog = EventCatalog.load(settings.path("ceip.events.catalog-file"));
        Path spoolDirectory = settings.path("ceip.events.directory");
        EventStore store = new EventStore(wiring.dataDirectory().resolve(AGGREGATE_FILE), spoolDirectory, catalog,
                (int) settings.number("ceip.events.max-names"), (int) settings.number("ceip.events.max-fingerprints"),
                privacy.audit()::lastWithdrawal, wiring.clock());
        EventRecorder recorder = new EventRecorder(catalog);
        EventSpool spool = new EventSpool(spoolDirectory, store, recorder,
                settings.number("ceip.events.max-file-bytes"), (int) settings.number("ceip.events.max-line-bytes"));
        ConsentLevelFile levelFile = new ConsentLevelFile(wiring.dataDirectory().resolve(ConsentLevelFile.NAME));
        ConsentDecision decision = privacy.consent().peek();
        ConsentLevel level = decision.level();
        boolean events = settings.bool("ceip.events.enabled") || settings.bool("ceip.events.http.enabled");
        boolean owned = wiring.readsOnly() ? !EventsOwnership.heldElsewhere(wiring.dataDirectory())
                : !events || owned(wiring);
        if (!owned && level == ConsentLevel.FULL) { // send, export or preview beside the running agent
            Wiring.LOG.warn("The running agent owns the product events: this report carries none (they go with its"
                    + " next report)");
        }
        if (!owned) {
            store.leftToAnother();
            wiring.override("ceip.events.enabled", "false");
        }
        if (events && owned) { // off while undecided: the product records nothing until consent is known
            levelFile.observe(level); // the spool's polls keep it current; a one-shot command writes nothing
        }
        if (owned && (level == ConsentLevel.FULL || decision.undecided())) { // undecided: kept, unsent
            store.load();
        }
        if (owned && level == ConsentLevel.FULL) {
            spool.acceptInMemory(DemoConfiguration.events(wiring));
        }
        wiring.bind("eventSpool", spool);
        wiring.bind("eventSpoolPoll", new EventSpoolPoll(privacy.consent(), levelFile, spool));
        EventsIntakeConfiguration.configure(wiring, privacy, store, recorder, spool, levelFile);
        return store;
    }

    /**
     * Takes the events of the data directory ({@link EventsOwnership}) for as long as this process runs. The running
     * agent waits up to {@value #OWNER_WAIT_SECONDS} s for a {@code send} to end, and does not start beside another
     * agent; a {@code send} beside the running agent leaves the events to it (one line says so), as {@code preview}
     * and {@code export} do, which only look ({@link EventsOwnership#heldElsewhere}).
     */
    private static boolean owned(Wiring wiring) throws Exception {
        EventsOwnership ownership = EventsOwnership.take(wiring.dataDirectory(),
                Duration.ofSeconds(wiring.oneShot() ? 0 : OWNER_WAIT_SECONDS));
        if (!ownership.owned() && !wiring.oneShot()) {
            throw new IllegalStateException("another process holds the product events of "
                    + OwnerOnlyFiles.shown(wiring.dataDirectory()) + " (" + EventsOwnership.NAME + "): is an agent"
                    + " running on this data directory already?");
        }
        if (!ownership.owned()) {
            return false;
        }
        wiring.closeOnStop(ownership);
        return true;
    }
}
