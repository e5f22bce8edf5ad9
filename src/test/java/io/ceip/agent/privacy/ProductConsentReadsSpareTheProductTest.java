package io.ceip.agent.privacy;

import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every consent decision asks the product's setting (each event request, each poll, each replayed report): an answer
 * is read at every decision, but a read that failed (a query that timed out, a database down) is not tried again for
 * {@value ProductConsentReads#FAILED_SECONDS} s; meanwhile the failure stands.
 */
class ProductConsentReadsSpareTheProductTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<Object> product = new AtomicReference<>("basic");
    private final StepClock clock = new StepClock();
    private final ProductConsentReads setting = new ProductConsentReads(() -> {
        reads.incrementAndGet();
        Object now = product.get();
        if (now instanceof Exception e) {
            throw e;
        }
        return Optional.of(ConsentLevel.parse((String) now));
    }, clock);

    @Test
    void eachDecisionReadsTheProductsAnswerAfresh() throws Exception {
        assertThat(setting.read()).contains(ConsentLevel.BASIC);
        product.set("off");

        assertThat(setting.read()).contains(ConsentLevel.OFF);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadIsNotTriedAgainForHalfAMinute() throws Exception {
        SQLTimeoutException timedOut = new SQLTimeoutException("timed out");
        product.set(timedOut);
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(setting::read).isSameAs(timedOut);
        }
        product.set("full");
        clock.advance(Duration.ofSeconds(ProductConsentReads.FAILED_SECONDS - 1));
        assertThatThrownBy(setting::read).isSameAs(timedOut);
        assertThat(reads).hasValue(1);

        clock.advance(Duration.ofSeconds(1));

        assertThat(setting.read()).contains(ConsentLevel.FULL);
        assertThat(reads).hasValue(2);
    }

    private static final class StepClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T10:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
