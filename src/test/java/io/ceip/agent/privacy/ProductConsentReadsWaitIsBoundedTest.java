package io.ceip.agent.privacy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review s18 F1: a read of the product's setting that hangs holds up no other consent decision past the wait: a
 * caller that waited that long stops waiting and fails with a TimeoutException (undecided); the read under way
 * still answers its own caller, and the next caller reads afresh.
 */
class ProductConsentReadsWaitIsBoundedTest {

    @Test
    void aCallerStopsWaitingForAHangingReadAtItsBound() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProductConsentReads reads = new ProductConsentReads(() -> {
            if (hanging.getCount() > 0) {
                hanging.countDown();
                release.await();
            }
            return Optional.of(ConsentLevel.FULL);
        }, System::nanoTime, Duration.ofMillis(300));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<ConsentLevel>> reader = callers.submit(reads::read);
            assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            Future<Optional<ConsentLevel>> waiter = callers.submit(reads::read);

            assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
                    Duration.ofSeconds(5));
            assertThat(reader.isDone()).isFalse();

            release.countDown();
            assertThat(reader.get(10, TimeUnit.SECONDS)).contains(ConsentLevel.FULL);
            assertThat(reads.read()).contains(ConsentLevel.FULL);
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }
}
