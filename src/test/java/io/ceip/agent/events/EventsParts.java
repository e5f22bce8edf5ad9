package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's events parts over a data directory {@code data}, wired as the agent wires them (the contract test's
 * catalog, small bounds): its consent, the events' window, the spool and the spool's poll strategy. A test's process
 * with its own view of consent (the {@code consent} command's) is {@link #consent(Path)}.
 */
class EventsParts {

    final ConsentPolicy consent;
    final EventStore store;
    final EventSpool spool;
    final EventSpoolPoll poll;

    EventsParts(Path data) {
        consent = consent(data);
        store = new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100, consent.audit()::eventsSince);
        spool = new EventSpool(data.resolve("events"), store, new EventRecorder(EventSpoolContractTest.CATALOG),
                1 << 20, 1000);
        poll = new EventSpoolPoll(consent, new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)), spool);
    }

    /** A process's view of consent over {@code data}: the agent's, or the consent command's. */
    static ConsentPolicy consent(Path data) {
        return new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null, ConsentLevel.BASIC,
                2, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
    }

    /** One poll of {@code files}: consent decided ({@link EventSpoolPoll#mayRead()}), the files read, the poll ended. */
    void poll(Path... files) {
        assertThat(poll.mayRead()).isTrue();
        for (Path file : files) {
            spool.consume(file.toString());
        }
        spool.endOfPoll();
    }
}
