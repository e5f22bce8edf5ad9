package io.ceip.agent.privacy;

import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every consent decision asks the product's setting (each event request, each poll, each replayed report): an answer
 * is read for every decision (callers during a read share the next one), but a read that failed (a query that timed out, a database down) is not tried again for
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

    /**
     * A burst of callers while a slow read is under way: they do not take its answer (it started before they asked,
     * and the product changed meanwhile), they wait and share the one next read: two queries in all, not 21.
     */
    @Test
    void callersDuringASlowReadShareTheNextReadAndNeverGetAnOlderAnswer() throws Exception {
        CountDownLatch slowReadUnderWay = new CountDownLatch(1);
        CountDownLatch endSlowRead = new CountDownLatch(1);
        ProductConsentReads slow = new ProductConsentReads(() -> {
            Object now = product.get();
            if (reads.incrementAndGet() == 1) {
                slowReadUnderWay.countDown();
                endSlowRead.await();
            }
            return Optional.of(ConsentLevel.parse((String) now));
        }, clock);
        ExecutorService callers = Executors.newFixedThreadPool(21);
        try {
            Future<Optional<ConsentLevel>> first = callers.submit(slow::read);
            assertThat(slowReadUnderWay.await(10, TimeUnit.SECONDS)).isTrue();
            product.set("off"); // withdrawn in the product while the first read is under way
            List<Thread> waiting = new CopyOnWriteArrayList<>();
            List<Future<Optional<ConsentLevel>>> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(callers.submit(() -> {
                    waiting.add(Thread.currentThread());
                    return slow.read();
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting.size() == 20
                    && waiting.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING));

            endSlowRead.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).contains(ConsentLevel.BASIC);
            for (Future<Optional<ConsentLevel>> caller : burst) {
                assertThat(caller.get(10, TimeUnit.SECONDS)).as("an answer read after they asked")
                        .contains(ConsentLevel.OFF);
            }
            assertThat(reads).hasValue(2);
        } finally {
            endSlowRead.countDown();
            callers.shutdownNow();
        }
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
