package io.ceip.agent.collect;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s18 F1: a collection whose connection is still open its budget plus the grace (5 s) after it began has that
 * connection aborted, whatever the driver does with network timeouts; a collection closed in time has nothing
 * aborted. H2's driver cannot abort (its {@code abort} does nothing): the warning says so instead of "aborted".
 * (Driver stand-ins: what is tested is when the watchdog acts and what it says, not a driver.)
 */
class CollectionConnectionAbortedPastItsBudgetTest {

    private static final ClassLoader LOADER = CollectionConnectionAbortedPastItsBudgetTest.class.getClassLoader();

    @Test
    void aCollectionStillOpenPastItsBudgetIsAbortedAndOneClosedInTimeIsNot() throws Exception {
        CountDownLatch stuckAborted = new CountDownLatch(1);
        AtomicBoolean closedAborted = new AtomicBoolean();
        CollectionConnection stuck = collection("Apache Derby", stuckAborted::countDown);
        CollectionConnection closed = collection("Apache Derby", () -> closedAborted.set(true));

        closed.open();
        stuck.open();
        closed.close();

        assertThat(stuckAborted.await(15, TimeUnit.SECONDS)).as("aborted after 1 s + 5 s").isTrue();
        assertThat(closedAborted).as("closed in time: its watch was cancelled").isFalse();
        stuck.close();
    }

    @Test
    void anH2CollectionPastItsBudgetIsSaidToWaitForTheDatabaseNotAborted() throws Exception {
        AtomicBoolean aborted = new AtomicBoolean();
        CollectionConnection stuck = collection("H2", () -> aborted.set(true));
        try (io.ceip.agent.support.LogCapture log = io.ceip.agent.support.LogCapture.attach()) {
            stuck.open();

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    log.shown()).contains("The collection outlived its budget (ceip.collect.budget, 1 s) by 5 s; H2's"
                            + " driver cannot abort its connection: it ends when the database answers"));
            assertThat(log.shown()).doesNotContain("is aborted");
        }
        assertThat(aborted).isFalse();
        stuck.close();
    }

    private static CollectionConnection collection(String product, Runnable onAbort) {
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(LOADER,
                new Class<?>[] { DatabaseMetaData.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> product;
                    case "getDatabaseProductVersion" -> "17.6";
                    default -> null;
                });
        AtomicBoolean isClosed = new AtomicBoolean();
        Connection connection = (Connection) Proxy.newProxyInstance(LOADER,
                new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getMetaData" -> metaData;
                    case "isClosed" -> isClosed.get();
                    case "abort" -> {
                        onAbort.run();
                        isClosed.set(true);
                        yield null;
                    }
                    case "close" -> {
                        isClosed.set(true);
                        yield null;
                    }
                    default -> null;
                });
        DataSource target = (DataSource) Proxy.newProxyInstance(LOADER,
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> connection);
        return new CollectionConnection(target, 1, Duration.ofSeconds(1), 10, Clock.systemUTC());
    }
}
