package io.ceip.agent.collect;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ProductConsentReads;
import io.ceip.agent.support.FrozenBackend;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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
 * Review s18 F1: the consent query on a PostgreSQL backend that stops answering (SIGSTOP) fails at its network
 * timeout with a connection error, and a caller waiting for that read meanwhile stops waiting at its own bound
 * (undecided) instead of with the read.
 */
class ProductConsentQueryOnAFrozenDatabaseServerEndsTest {

    @Test
    void theFrozenReadFailsAndItsWaiterStopsWaitingFirst() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        CollectionConnection database = new CollectionConnection(new DriverManagerDataSource(engine.url(),
                engine.agentUser(), ProductEngine.AGENT_PASSWORD, 10), 1, Duration.ofSeconds(30), 10,
                Clock.systemUTC());
        ProductConsentQuery query = new ProductConsentQuery(database, "SELECT CAST(n AS text) FROM slow_usage", 1);
        assertThat(query.longestRead()).isEqualTo(Duration.ofSeconds(17)); // the session statement and the query, 1 + 5 s each, the rollback 5 s
        ProductConsentReads reads = new ProductConsentReads(query, System::nanoTime, Duration.ofSeconds(2));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            long started = System.nanoTime();
            Future<Optional<ConsentLevel>> reader = callers.submit(reads::read);
            try (FrozenBackend frozen = FrozenBackend.freeze(engine.agentUser(), "slow_usage")) {
                Future<Optional<ConsentLevel>> waiter = callers.submit(reads::read);

                assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TimeoutException.class);
                assertThat(reader.isDone()).as("the frozen read is still under way").isFalse();
                assertThatThrownBy(() -> reader.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).startsWith("08"));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
