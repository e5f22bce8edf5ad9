package io.ceip.agent.privacy;

import io.ceip.agent.support.SetClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s21 fixes M1, L1: a decision taken while the administrator's setting changed (the product's query takes
 * seconds) is taken again, so the running agent's poll never overrules, nor audits over, a {@code consent off} made
 * meanwhile; and a rotation of the audit log does not lose where the current full consent began.
 */
class ConsentDecidedWhileTheSettingChangesTest {

    @TempDir
    Path data;

    @Test
    void aConsentOffMadeWhileTheProductsSettingIsReadIsNotOverruled() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean slow = new AtomicBoolean();
        ProductConsentSetting product = () -> {
            if (slow.getAndSet(false)) {
                reading.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return Optional.of(ConsentLevel.FULL);
        };
        Path log = data.resolve("consent-audit.log");
        ConsentPolicy agent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), product,
                ConsentLevel.BASIC, 2, new ConsentAudit(log, Clock.systemUTC()));
        ConsentPolicy command = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null,
                ConsentLevel.BASIC, 2, new ConsentAudit(log, Clock.systemUTC(), false));
        command.set(ConsentLevel.FULL);
        assertThat(agent.decide().level()).isEqualTo(ConsentLevel.FULL);

        ExecutorService poll = Executors.newSingleThreadExecutor();
        try {
            slow.set(true);
            Future<ConsentDecision> decided = poll.submit(agent::decide);
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            command.set(ConsentLevel.OFF);
            release.countDown();

            assertThat(decided.get(10, TimeUnit.SECONDS)).isEqualTo(new ConsentDecision(ConsentLevel.OFF,
                    "runtime-setting"));
        } finally {
            poll.shutdownNow();
        }
        assertThat(Files.readAllLines(log)).hasSize(2).last().asString()
                .endsWith(" full -> off source=runtime-setting");
    }

    @Test
    void aFullGivenAgainRightAfterARotationStillBeginsTheEvents() throws Exception {
        SetClock clock = new SetClock("2026-12-06T10:00:00Z");
        Path log = data.resolve("consent-audit.log");
        ConsentAudit audit = new ConsentAudit(log, clock);
        audit.observe(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));
        clock.now = Instant.parse("2026-12-06T11:00:00Z");
        audit.observe(new ConsentDecision(ConsentLevel.BASIC, "runtime-setting"));
        Files.move(log, data.resolve("consent-audit.log.1")); // logrotate

        clock.now = Instant.parse("2026-12-06T12:00:00Z");
        audit.observe(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));

        assertThat(Files.readAllLines(log)).as("the new log's first change names the level the old one ended at")
                .containsExactly("2026-12-06T12:00:00Z basic -> full source=runtime-setting");
        assertThat(audit.eventsSince()).as("full given again from basic")
                .contains(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(new ConsentAudit(log, clock).eventsSince()).as("an agent started after the rotation (review s21"
                + " last L1)").contains(Instant.parse("2026-12-06T12:00:00Z"));
    }
}
