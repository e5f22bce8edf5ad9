package io.ceip.agent.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnFirstUseMakesTheValueOnceTest {

    private final AtomicInteger made = new AtomicInteger();

    @Test
    void nothingIsMadeBeforeTheFirstGetAndOnlyOnceAfter() {
        OnFirstUse<Object> value = new OnFirstUse<>(() -> "value " + made.incrementAndGet());

        assertThat(made).hasValue(0);
        assertThat(value.made()).isFalse();

        assertThat(value.get()).isEqualTo("value 1");
        assertThat(value.get()).isEqualTo("value 1");
        assertThat(made).hasValue(1);
        assertThat(value.made()).isTrue();
    }

    @Test
    void threadsAskingTogetherShareOneValue() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        OnFirstUse<Object> value = new OnFirstUse<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return value.get();
                }));
            }
            go.countDown();
            Object first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Object> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void aFailureGoesToThatCallerAndTheNextCallTriesAgain() {
        OnFirstUse<String> value = new OnFirstUse<>(() -> {
            if (made.incrementAndGet() == 1) {
                throw new IllegalStateException("not yet");
            }
            return "second try";
        });

        assertThatThrownBy(value::get).isInstanceOf(IllegalStateException.class).hasMessage("not yet");
        assertThat(value.made()).isFalse();
        assertThat(value.get()).isEqualTo("second try");
    }

    @Test
    void aFactoryThatMakesNullIsAnError() {
        OnFirstUse<String> value = new OnFirstUse<>(() -> null);

        assertThatThrownBy(value::get).isInstanceOf(NullPointerException.class)
                .hasMessage("the factory made null");
    }
}
