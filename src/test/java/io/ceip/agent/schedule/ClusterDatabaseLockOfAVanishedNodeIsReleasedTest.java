package io.ceip.agent.schedule;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.support.MariaDbEngine;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that vanishes inside a job-store transaction (host crash, paused VM, lost network path: no close reaches the
 * server) holding Quartz's TRIGGER_ACCESS row lock, on the real engines. The server ends that session after twice the
 * wait limit ({@code idle_in_transaction_session_timeout}, MariaDB's {@code idle_transaction_timeout}) and another
 * node takes the lock; before (review s20 cluster M3) the lock was kept until TCP keepalive gave up, about two hours,
 * and every other node's wait ended and failed again meanwhile.
 */
class ClusterDatabaseLockOfAVanishedNodeIsReleasedTest {

    private static final String LOCK = "SELECT * FROM CEIP_QRTZ_LOCKS WHERE SCHED_NAME = 's'"
            + " AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE";

    static Stream<Arguments> engines() {
        return Stream.of(Arguments.of("postgresql", (Supplier<ProductEngine>) PostgresEngine::seeded),
                Arguments.of("mariadb", (Supplier<ProductEngine>) MariaDbEngine::seeded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theServerEndsTheVanishedSessionAndAnotherNodeTakesTheLock(String vendor, Supplier<ProductEngine> seed)
            throws Exception {
        ProductEngine engine = seed.get();
        ClusterDatabase shared = new ClusterDatabase(new DriverManagerDataSource(engine.url(), engine.adminUser(),
                engine.adminPassword(), 5), engine.url(), Duration.ofSeconds(1));
        QuartzCluster.prepare(shared, "node", Duration.ofSeconds(1));
        try (Connection setup = shared.getConnection(); Statement statement = setup.createStatement()) {
            statement.execute("INSERT INTO CEIP_QRTZ_LOCKS VALUES ('s', 'TRIGGER_ACCESS')");
        }
        List<String> failedWaits = new ArrayList<>();
        long taken = System.nanoTime();
        try (Connection vanished = shared.getConnection()) { // neither used nor closed until the end: the node is gone
            vanished.setAutoCommit(false);
            try (Statement statement = vanished.createStatement()) {
                statement.execute(LOCK);
            }

            // the wait limit is 1 s, the network grace 5 s: without the idle timeout the lock stays for hours
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> anotherNodeTakesTheLock(shared, failedWaits));
        }

        assertThat(Duration.ofNanos(System.nanoTime() - taken)).as("held about twice the wait limit, not longer")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(failedWaits).as("waits that ended while the lock was held: " + failedWaits).isNotEmpty();
        if (vendor.equals("postgresql")) {
            assertThat(failedWaits).as("a held lock is said as 'lock not available'").containsOnly("55P03");
        }
    }

    private static boolean anotherNodeTakesTheLock(ClusterDatabase shared, List<String> failedWaits)
            throws SQLException {
        try (Connection survivor = shared.getConnection()) {
            survivor.setAutoCommit(false);
            try (Statement statement = survivor.createStatement()) {
                statement.execute(LOCK);
                return true;
            } catch (SQLException e) {
                failedWaits.add(e.getSQLState());
                return false;
            } finally {
                survivor.rollback();
            }
        }
    }
}
