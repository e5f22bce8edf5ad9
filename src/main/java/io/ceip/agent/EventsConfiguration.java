package io.ceip.agent;

import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.ConsentChanges;
import io.ceip.agent.events.ConsentLevelFile;
import io.ceip.agent.events.CountedSpoolFiles;
import io.ceip.agent.events.EventCatalog;
import io.ceip.agent.events.EventRecorder;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.events.EventsBoundary;
import io.ceip.agent.events.EventsOwnership;
import io.ceip.agent.events.SampleEvents;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentSettingFile;

import java.nio.file.Path;

/**
 * The product events stage: the vendor's catalog ({@code ceip.events.catalog-file}), the events' window and its
 * file ({@code events-aggregate.json.gz} in the data directory, read back here), the spool the route
 * {@code ceip-events} reads ({@code eventSpool}) and its poll strategy ({@code eventSpoolPoll}), and the
 * {@code consent-level} file, written here once at start while the spool is read ({@code ceip.events.enabled}; the
 * one-shot commands switch it off and write nothing), and the HTTP intake ({@link EventsIntakeConfiguration}). Below
 * full consent nothing is loaded (the first poll removes
 * what is kept). With the demo data on and consent full, the demo's sample events are aggregated in memory. With the
 * spool off and the HTTP intake on, the spool's directory is neither read nor emptied at any consent boundary (nothing
 * there was handed to the agent). An administrator's change (JMX {@code setConsent} in this process, or the
 * {@code consent} command's {@code data/consent}, looked at every second by the route {@code ceip-consent-watch}) takes
 * effect for the events and is told to the product at once ({@link ConsentChanges}, {@code consentChanges}).
 */
final class EventsConfiguration {

    /** The aggregate file's name in the data directory. */
    static final String AGGREGATE_FILE = "events-aggregate.json.gz";

    private EventsConfiguration() {
    }

    static EventStore configure(Wiring wiring, Privacy privacy) throws Exception {
        Settings settings = wiring.settings();
        EventCatalog catalog = EventCatalog.load(settings.path("ceip.events.catalog-file"));
        catalog.requireLeavesAsDeclared(settings.path("ceip.events.catalog-file"), privacy.rules()::ruleChanging);
        Path spoolDirectory = settings.path("ceip.events.directory");
        EventStore store = new EventStore(wiring.dataDirectory().resolve(AGGREGATE_FILE), spoolDirectory, catalog,
                (int) settings.number("ceip.events.max-names"), (int) settings.number("ceip.events.max-fingerprints"),
                privacy.audit()::eventsSince);
        if (wiring.readsOnly()) {
            store.readsOnly(); // preview, export: the aggregate file is never removed or rewritten
        }
        EventRecorder recorder = new EventRecorder(catalog);
        EventSpool spool = new EventSpool(spoolDirectory, store, recorder,
                settings.number("ceip.events.max-file-bytes"), (int) settings.number("ceip.events.max-line-bytes"));
        ConsentLevelFile levelFile = new ConsentLevelFile(wiring.dataDirectory().resolve(ConsentLevelFile.NAME));
        boolean events = settings.bool("ceip.events.enabled") || settings.bool("ceip.events.http.enabled");
        EventsOwnership ownership = wiring.readsOnly() ? null : owned(wiring);
        boolean owned = ownership == null ? !EventsOwnership.heldElsewhere(wiring.dataDirectory()) : ownership.owned();
        // the events' owner audits a change it notices before it tells the product (consent-level): a full consent
        // begins no later than the product may record under it (ConsentAudit.eventsSince)
        boolean deciding = events && owned && ownership != null;
        EventsBoundary.Mark mark = deciding ? auditMark(store) : null; // a start giving consent anew empties the spool
        ConsentDecision decision = deciding ? decided(privacy) : privacy.consent().peek();
        ConsentLevel level = decision.level();
        if (!owned && level == ConsentLevel.FULL && (ownership == null || ownership.failure() == null)) {
            Wiring.LOG.warn("The running agent owns the product events: {}", wiring.previews()
                    ? "they go with its next report; this preview shows them as it last wrote them ("
                            + OwnerOnlyFiles.shown(store.file()) + ")"
                    : "this report carries none (they go with its next report)"); // send or export beside it
        }
        // the spool's first poll: 1 s after start; at once in a one-shot command (send reports once it was read)
        wiring.override("ceip.events.initial-delay", wiring.oneShot() ? "0" : "1000");
        if (!owned) {
            if (wiring.previews() && level == ConsentLevel.FULL) {
                store.load(); // the running agent's window as it last wrote it, for peek(); never sealed nor written
            }
            store.leftToAnother();
            wiring.override("ceip.events.enabled", "false");
        }
        EventSpoolPoll spoolPoll = new EventSpoolPoll(privacy.consent(), levelFile, spool);
        ConsentChanges changes = new ConsentChanges(privacy.consent(), levelFile, spool, store,
                wiring.dataDirectory().resolve(ConsentSettingFile.NAME));
        if (!settings.bool("ceip.events.enabled")) { // HTTP only: the spool's directory is not the agent's to empty
            spoolPoll.spoolNotRead();
        }
        if (events && owned) { // off while undecided: the product records nothing until consent is known
            if (mark != null && level == ConsentLevel.FULL && !decision.undecided()) {
                spoolPoll.startsFull(mark); // what the spool holds was written before, when the decision was anew
            } else if (!decision.undecided() && level != ConsentLevel.FULL) {
                spoolPoll.startsBelowFull(); // what the product writes from now on is read at no full decision
            }
            levelFile.observe(level); // the spool's polls keep it current; a one-shot command writes nothing
            privacy.consent().onChange(changes::changed); // JMX setConsent: followed and told at once
            changes.activate(); // the consent command's data/consent: within a second (ceip-consent-watch)
        }
        if (owned && (level == ConsentLevel.FULL || decision.undecided())) { // undecided: kept, unsent
            store.load();
        }
        if (owned && level == ConsentLevel.FULL) {
            SampleEvents.accept(spool, store, recorder, DemoConfiguration.events(wiring));
        }
        wiring.bind("eventSpool", spool);
        wiring.bind("countedSpoolFiles", new CountedSpoolFiles(spool));
        wiring.bind("eventSpoolPoll", spoolPoll);
        wiring.bind("consentChanges", changes);
        wiring.bind("consentWatchPolls", new ConsentWatchPolls(changes)); // an exchange only when data/consent changed
        EventsIntakeConfiguration.configure(wiring, privacy, store, recorder, spool, levelFile, owned);
        return store;
    }

    /**
     * The consent audit's mark before the start's decision ({@link EventStore#readStarts()}), or null when the audit
     * log cannot be read: then the decision says why (a one-shot command's line, a report cycle's), and the spool's
     * files are judged by their times as before a first decision.
     */
    private static EventsBoundary.Mark auditMark(EventStore store) {
        try {
            return store.readStarts();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The decision, audited; undecided when the audit log cannot be written now (the product is told off, nothing is
     * read or dropped until it can: never told full without the line; the report cycle says why).
     */
    private static ConsentDecision decided(Privacy privacy) {
        try {
            return privacy.consent().decide();
        } catch (java.io.UncheckedIOException unaudited) {
            return new ConsentDecision(ConsentLevel.OFF, ConsentDecision.UNDECIDED);
        }
    }

    /**
     * Takes the events of the data directory ({@link EventsOwnership}) for as long as this process runs, whether or
     * not it reads the spool or the HTTP intake (it may still seal what is kept). The running agent waits for a
     * {@code send} to end (one line says so; beside another agent on this data directory it waits for good); a
     * {@code send} beside the running agent leaves the events to it, as {@code export} does, which only looks
     * ({@link EventsOwnership#heldElsewhere}); {@code preview} beside it shows the window the running agent last wrote
     * (read only). A lock file that cannot be opened: no one owns them.
     */
    private static EventsOwnership owned(Wiring wiring) throws Exception {
        EventsOwnership ownership = EventsOwnership.take(wiring.dataDirectory(), wiring.oneShot() ? null
                : () -> Wiring.LOG.warn("Waiting for the product events of {}: another process holds them ({}): a"
                        + " ceip-agent send ends soon; a second agent on this data directory never does",
                        OwnerOnlyFiles.shown(wiring.dataDirectory()), EventsOwnership.NAME));
        if (ownership.failure() != null) {
            Wiring.LOG.warn("The product events are neither read nor sent by this process: {}{}", ownership.failure(),
                    wiring.settings().bool("ceip.events.http.enabled") ? " (the HTTP intake answers 503)" : "");
        }
        if (ownership.owned()) {
            wiring.closeOnStop(ownership);
        }
        return ownership;
    }
}
