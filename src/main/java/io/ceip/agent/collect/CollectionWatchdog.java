package io.ceip.agent.collect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last end of a collection that outlives its budget: its connection is aborted ({@link Connection#abort}) once
 * the budget and {@link NetworkTimeouts#GRACE} have passed and the collection has not closed it, whatever it is
 * waiting for (a server that answers too slowly for a network timeout ever to fire). The statement under way then
 * fails with a connection error (reason {@code connection}), and so does every later one of the collection; one
 * warning says so. H2's driver (2.3) can neither abort a connection nor time one out: there the warning says that
 * the collection ends when the database answers. One daemon thread serves all collections; a collection that closes
 * in time cancels its watch.
 */
final class CollectionWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionWatchdog.class);
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private CollectionWatchdog() {
    }

    /**
     * Aborts {@code connection} (of {@code vendor}, as {@link DatabaseInfoCollector#normaliseVendor} names it) after
     * {@code budget} plus {@link NetworkTimeouts#GRACE}, unless cancelled. H2's driver (2.3) can neither abort nor time
     * out a connection: the warning then says the collection ends only when the server answers.
     */
    static Future<?> watch(Connection connection, Duration budget, String vendor) {
        // the abort itself runs on the drivers' executor: a driver whose abort blocks never holds up the timer
        return TIMER.schedule(() -> NetworkTimeouts.EXECUTOR.execute(() -> abort(connection, budget, vendor)),
                budget.plus(NetworkTimeouts.GRACE).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void abort(Connection connection, Duration budget, String vendor) {
        try {
            if (connection.isClosed()) {
                return;
            }
            if ("h2".equals(vendor)) {
                LOG.warn("The collection outlived its budget (ceip.collect.budget, {} s) by {} s; H2's driver cannot"
                        + " abort its connection: it ends when the database answers", budget.toSeconds(),
                        NetworkTimeouts.GRACE.toSeconds());
                return;
            }
            LOG.warn("The collection outlived its budget (ceip.collect.budget, {} s) by {} s: its connection to the"
                    + " product database is aborted", budget.toSeconds(), NetworkTimeouts.GRACE.toSeconds());
            connection.abort(NetworkTimeouts.EXECUTOR);
        } catch (SQLException | RuntimeException e) {
            // the connection is gone already
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "ceip-collection-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
