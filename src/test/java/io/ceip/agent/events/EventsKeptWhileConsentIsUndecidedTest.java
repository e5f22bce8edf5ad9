package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.privacy.ProductConsentSetting;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the product's consent setting cannot be read, consent is undecided: the spool is not read and not emptied, the
 * aggregate stays, the HTTP intake answers 503 (send again later) instead of 403 (discarded), and the consent-level
 * file says off (the product records nothing more, so the unread spool does not grow). Once the setting reads
 * {@code full} the spool is read; had it read {@code off}, the poll would have emptied it unread, as before.
 */
class EventsKeptWhileConsentIsUndecidedTest {

    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";

    @TempDir
    Path data;
    private final AtomicReference<Object> product = new AtomicReference<>("full");
    private final ProductConsentSetting setting = () -> {
        Object now = product.get();
        if (now instanceof Exception e) {
            throw e;
        }
        return Optional.of(ConsentLevel.parse((String) now));
    };

    private static ByteArrayInputStream body() {
        return new ByteArrayInputStream(EXPORT.getBytes(StandardCharsets.UTF_8));
    }

    /** The agent's events parts over {@code data}, deciding consent with {@link #product}. */
    private final class Agent {
        final ConsentPolicy consent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")),
                setting, ConsentLevel.BASIC, 2, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
        final EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100, consent.audit()::lastWithdrawal);
        final EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);
        final EventSpool spool = new EventSpool(data.resolve("events"), store, recorder, 1 << 20, 1000);
        final ConsentLevelFile levelFile = new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME));
        final EventSpoolPoll poll = new EventSpoolPoll(consent, levelFile, spool);

        /** Full consent, one spool file counted and a second one waiting; answers the waiting one. */
        Path countedOneAndOneWaiting() throws Exception {
            assertThat(consent.decide().level()).isEqualTo(ConsentLevel.FULL);
            assertThat(poll.mayRead()).isTrue();
            spool.consume(Files.writeString(data.resolve("events").resolve("a.jsonl"), EXPORT).toString());
            spool.endOfPoll();
            assertThat(store.file()).exists();
            return Files.writeString(data.resolve("events").resolve("b.jsonl"), EXPORT);
        }
    }

    @Test
    void nothingCountedOrSpooledIsDroppedWhileConsentIsUndecided() throws Exception {
        Agent agent = new Agent();
        IntakeToken token = IntakeToken.loadOrCreate(data.resolve("events-token"));
        String bearer = "Bearer " + Files.readString(data.resolve("events-token")).strip();
        EventIntake intake = new EventIntake(agent.store, agent.recorder, agent.spool, agent.consent, agent.levelFile,
                token, new EventIntake.Bounds(1000, 1 << 20, 1000));
        Path waiting = agent.countedOneAndOneWaiting();

        product.set(new SQLTransientConnectionException("database restarting"));

        assertThat(agent.poll.mayRead()).as("the spool is not read").isFalse();
        assertThat(waiting).as("nor emptied").exists();
        assertThat(agent.store.file()).as("the aggregate stays").exists();
        assertThat(agent.store.peek().toString()).contains("reports.export");
        assertThat(Files.readString(data.resolve(ConsentLevelFile.NAME)).trim())
                .as("the product records nothing more meanwhile: the spool does not grow unread").isEqualTo("off");
        assertThat(agent.consent.decide().undecided()).isTrue();
        assertThat(Files.readAllLines(data.resolve("consent-audit.log"))).as("no change of consent audited")
                .singleElement().asString().endsWith("none -> full source=product-setting");
        assertThat(intake.receive(body(), bearer, "application/x-ndjson", null)).isEqualTo(new EventIntake.Answer(503,
                "{\"error\":\"consent cannot be decided now, send again later\",\"accepted\":0}"));
        assertThat(agent.store.peek().toString()).as("what was counted stays").contains("reports.export");

        product.set("off");

        assertThat(intake.receive(body(), bearer, "application/x-ndjson", null).status()).isEqualTo(403);
        assertThat(agent.poll.mayRead()).isFalse();
        assertThat(waiting).as("off: emptied unread").doesNotExist();
        assertThat(agent.store.file()).doesNotExist();
        assertThat(Files.readString(data.resolve(ConsentLevelFile.NAME)).trim()).isEqualTo("off");
    }

    @Test
    void whatWaitedIsReadOnceConsentIsKnownToBeFull() throws Exception {
        Agent agent = new Agent();
        Path waiting = agent.countedOneAndOneWaiting();
        product.set(new SQLTransientConnectionException("database restarting"));
        assertThat(agent.poll.mayRead()).isFalse();

        product.set("full");

        assertThat(agent.poll.mayRead()).isTrue();
        assertThat(Files.readString(data.resolve(ConsentLevelFile.NAME)).trim()).isEqualTo("full");
        agent.spool.consume(waiting.toString());
        agent.spool.endOfPoll();
        assertThat(waiting).doesNotExist();
        assertThat(agent.store.peek().features()).containsEntry("reports.export", 2L);
    }
}
