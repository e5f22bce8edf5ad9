package io.ceip.agent.ops;

import io.ceip.agent.support.AgentTestSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMX serves each call on a thread of its own: {@code setConsent} called by several administrators (or consoles) at
 * once. Each call is in effect when it answers, and answers what it did: the writes shared one temporary file name,
 * so a call could move another's file into place and answer for it, or fail with {@code Not changed:
 * UncheckedIOException} although its level was written by the other's move.
 */
class SetConsentCalledConcurrentlyTest extends AgentTestSupport {

    private static final int CALLS = 8;

    @Test
    void everyConcurrentCallIsInEffectWhenItAnswersAndSaysSo() throws Exception {
        AgentManagement management = management();
        ExecutorService pool = Executors.newFixedThreadPool(CALLS);
        try {
            for (int round = 0; round < 25; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int call = 0; call < CALLS; call++) {
                    String level = call % 2 == 0 ? "full" : "basic";
                    answers.add(pool.submit(() -> {
                        start.await();
                        return management.setConsent(level);
                    }));
                }
                start.countDown();
                for (int call = 0; call < CALLS; call++) {
                    String level = call % 2 == 0 ? "full" : "basic";
                    assertThat(answers.get(call).get(1, TimeUnit.MINUTES)).as("round %d, call %d", round, call)
                            .startsWith("Consent set to " + level + "; effective: " + level + " ");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(management.getConsentSource()).isEqualTo("runtime-setting");
    }
}
