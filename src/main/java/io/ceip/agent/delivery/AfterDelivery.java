package io.ceip.agent.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping after a 2xx ({@link DeliverySteps#delivered}): the ledger line, the copy kept as sent
 * ({@link io.ceip.agent.outbox.SentReports}), the entry removed from the store (its claim released) and the status.
 * The collector took the report, so nothing here may turn it into "not delivered", which would send it again: a step
 * that fails with any runtime exception is skipped, the others still run, and one ERROR line names the report and
 * what was not done.
 */
final class AfterDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(AfterDelivery.class);

    private final Clock clock;

    AfterDelivery(Clock clock) {
        this.clock = clock;
    }

    /** Records the delivery of {@code reportId} to {@code to}; never throws a runtime exception. */
    void record(Destination to, String reportId, int code, long bytes, byte[] sentBody, Runnable ledgerLine) {
        List<String> failed = new ArrayList<>();
        step(failed, "ledger line", ledgerLine);
        Consumer<Path> keeper = stored -> { };
        try {
            keeper = to.sent().keeper(reportId, sentBody);
        } catch (RuntimeException e) {
            failed.add("copy in sent/ (" + e.getClass().getSimpleName() + ")");
        }
        Consumer<Path> keep = keeper;
        step(failed, "removal from the dead-letter store", () -> to.queue().delete(reportId,
                stored -> step(failed, "copy in sent/", () -> keep.accept(stored))));
        step(failed, "status", () -> to.status().delivered("HTTP " + code, bytes, clock.instant()));
        if (!failed.isEmpty()) {
            LOG.error("Report {}{} delivered (HTTP {}), but not recorded in full: {} failed; the delivery stands (a"
                    + " report still stored is sent again by a replay, the collector drops the duplicate by its"
                    + " Idempotency-Key)", reportId, DeliverySteps.copy(to), code, String.join(", ", failed));
        }
    }

    private static void step(List<String> failed, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failed.add(what + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
