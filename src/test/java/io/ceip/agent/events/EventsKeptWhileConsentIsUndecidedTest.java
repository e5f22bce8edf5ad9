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
 * file keeps its last word. Once the setting reads {@code off}, the same poll empties the spool unread, as before.
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

    @Test
    void nothingCountedOrSpooledIsDroppedWhileConsentIsUndecided() throws Exception {
        ConsentPolicy consent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), setting,
                ConsentLevel.BASIC, 2, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100);
        EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);
        EventSpool spool = new EventSpool(data.resolve("events"), store, recorder, 1 << 20, 1000);
        ConsentLevelFile levelFile = new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME));
        EventSpoolPoll poll = new EventSpoolPoll(consent, levelFile, spool);
        IntakeToken token = IntakeToken.loadOrCreate(data.resolve("events-token"));
        String bearer = "Bearer " + Files.readString(data.resolve("events-token")).strip();
        EventIntake intake = new EventIntake(store, recorder, spool, consent, levelFile, token,
                new EventIntake.Bounds(1000, 1 << 20, 1000));
        assertThat(consent.decide().level()).isEqualTo(ConsentLevel.FULL);
        assertThat(poll.mayRead()).isTrue();
        Path first = Files.writeString(data.resolve("events").resolve("a.jsonl"), EXPORT);
        spool.consume(first.toString());
        spool.endOfPoll();
        assertThat(store.file()).exists();
        Path waiting = Files.writeString(data.resolve("events").resolve("b.jsonl"), EXPORT);

        product.set(new SQLTransientConnectionException("database restarting"));

        assertThat(poll.mayRead()).as("the spool is not read").isFalse();
        assertThat(waiting).as("nor emptied").exists();
        assertThat(store.file()).as("the aggregate stays").exists();
        assertThat(store.peek().toString()).contains("reports.export");
        assertThat(Files.readString(data.resolve(ConsentLevelFile.NAME)).trim()).isEqualTo("full");
        assertThat(consent.decide().undecided()).isTrue();
        assertThat(Files.readAllLines(data.resolve("consent-audit.log"))).as("no change of consent audited")
                .singleElement().asString().endsWith("none -> full source=product-setting");
        assertThat(intake.receive(body(), bearer, "application/x-ndjson", null)).isEqualTo(new EventIntake.Answer(503,
                "{\"error\":\"consent cannot be decided now, send again later\",\"accepted\":0}"));
        assertThat(store.peek().toString()).as("what was counted stays").contains("reports.export");

        product.set("off");

        assertThat(intake.receive(body(), bearer, "application/x-ndjson", null).status()).isEqualTo(403);
        assertThat(poll.mayRead()).isFalse();
        assertThat(waiting).as("off: emptied unread").doesNotExist();
        assertThat(store.file()).doesNotExist();
        assertThat(Files.readString(data.resolve(ConsentLevelFile.NAME)).trim()).isEqualTo("off");
    }
}
