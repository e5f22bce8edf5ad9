package io.ceip.agent.privacy;

import java.sql.SQLTimeoutException;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicLong;
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

    /** Longer than the test's clock ever moves: a caller's bounded wait is not what these tests are about. */
    private static final Duration WAIT = Duration.ofDays(365L * 100);

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<Object> product = new AtomicReference<>("basic");
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);
    private final ProductConsentReads setting = new ProductConsentReads(() -> {
        reads.incrementAndGet();
        Object now = product.get();
        if (now instanceof Exception e) {
            throw e;
        }
        return Optional.of(ConsentLevel.parse((String) now));
    }, nanos::get, WAIT);

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
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(ProductConsentReads.FAILED_SECONDS - 1));
        assertThatThrownBy(setting::read).isSameAs(timedOut);
        assertThat(reads).hasValue(1);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));

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
        }, nanos::get);
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
                    && waiting.stream().allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING));

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

    /**
     * The product's setting cannot be read at all, while administrators change consent (each change asks the product
     * again at once): no caller ever takes a failed read for "the product has no setting", which would let a runtime
     * consent decide while the product's own setting is unknown.
     */
    @Test
    void aFailedReadIsNeverAnsweredAsNoSettingWhileAdministratorsAct() throws Exception {
        product.set(new SQLTimeoutException("timed out"));
        ExecutorService callers = Executors.newFixedThreadPool(9);
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch acting = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(8);
        try {
            callers.submit(() -> {
                while (done.getCount() > 0) {
                    setting.askAgain(); // JMX setConsent, the consent command: ask the product at once
                    nanos.addAndGet(TimeUnit.SECONDS.toNanos(ProductConsentReads.FAILED_SECONDS)); // and time moves on
                    acting.countDown();
                    Thread.yield();
                }
            });
            assertThat(acting.await(10, TimeUnit.SECONDS)).isTrue();
            for (int t = 0; t < 8; t++) {
                callers.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        try {
                            setting.read();
                            answered.incrementAndGet();
                        } catch (Exception expected) {
                            // the failure of the read this caller shared
                        }
                    }
                    done.countDown();
                    return null;
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            callers.shutdownNow();
        }
        assertThat(answered).as("reads answered although the product's setting could not be read").hasValue(0);
        assertThat(reads.get()).isGreaterThan(1);
    }
}
