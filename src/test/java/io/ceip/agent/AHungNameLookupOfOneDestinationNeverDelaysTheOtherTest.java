package io.ceip.agent;

import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.report.ReportSteps;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.security.Permission;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The name server hangs for the vendor endpoint's host while the vendor's kept report is replayed, as a silent name
 * server does: the JDK's lookup never returns and cannot be interrupted (here a security manager whose
 * {@code checkConnect(host, -1)}, which the JDK asks on the looking-up thread before any lookup, waits for the test's
 * end, interrupts ignored). Those vendor attempts hold the lookup threads the agent bounds; the customer's next copy,
 * whose name is answered, must still be delivered at once. One lookup pool of two threads was shared by both
 * destinations: two hung vendor lookups held it, and every customer copy failed at once ("has not answered 2 earlier
 * lookups yet") and was kept until the vendor's name server answered. Now each destination has its own bounded pool,
 * closed with the context.
 */
class AHungNameLookupOfOneDestinationNeverDelaysTheOtherTest extends AgentTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hung = new AtomicInteger();
    /** While true, each new lookup of the agent's hangs: the name server is silent. */
    private volatile boolean silent;

    @Override
    protected Properties overrides() {
        return toTheCustomer("ceip.endpoint.connect-timeout", "1000", "ceip.retry.max-redeliveries", "2");
    }

    @AfterEach
    void answerAtLast() {
        release.countDown();
        System.setSecurityManager(null);
    }

    @Test
    void theCustomersCopyIsDeliveredAtOnceWhileTheVendorsLookupsHang() {
        // each connection closed after its answer: every later attempt makes a new one, so looks its name up again
        Reply unavailable = new Reply(503, Map.of("Connection", "close"), "");
        server().reply(unavailable, unavailable, unavailable);
        customerEndpoint().reply(new Reply(202, Map.of("Connection", "close"), ""));
        Exchange kept = runReportCycle();
        assertThat(kept.getProperty(Outcome.PROPERTY, String.class)).isEqualTo("retry");
        await().atMost(Duration.ofSeconds(10)).until(() -> customerEndpoint().received().size() == 1);
        System.setSecurityManager(new HangingNameServer());
        silent = true;

        assertThat(replayDeadLetters()).as("the vendor's replay: its name never resolves").isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> hung.get() >= 2); // both vendor lookup threads held
        silent = false; // the vendor's two lookups still hang; the customer's next one is answered

        long start = System.nanoTime();
        Exchange next = runReportCycle();
        String reportId = next.getProperty(ReportSteps.REPORT_ID, String.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> DeliveryLedger.read(dataDirectory().resolve(
                "destinations/customer/ledger.log")).stream().anyMatch(entry -> entry.reportId().equals(reportId)
                        && entry.outcome().equals("HTTP_202")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the customer's copy in its normal time")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(customerEndpoint().received()).filteredOn(received -> reportId.equals(
                received.header("Idempotency-Key"))).extracting(Received::status).containsExactly(202);
        assertThat(next.getProperty(Outcome.PROPERTY, String.class)).as("the vendor's lookups still hang")
                .isEqualTo("retry");
        assertThat(hung.get()).as("no lookup of the vendor's waited beyond its pool of 2").isEqualTo(2);
    }

    /** While {@link #silent}, each lookup of {@code localhost} on the agent's lookup threads waits for the test's end, interrupts ignored. */
    private final class HangingNameServer extends SecurityManager {

        @Override
        public void checkConnect(String host, int port) {
            if (port == -1 && silent && host.equals("localhost")
                    && Thread.currentThread().getName().startsWith("ceip-dns")) {
                hung.incrementAndGet();
                boolean interrupted = false;
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted = true; // as the JDK's resolver: the lookup goes on
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void checkConnect(String host, int port, Object context) {
            checkConnect(host, port);
        }

        @Override
        public void checkPermission(Permission permission) {
            // everything is allowed: this manager only hangs lookups
        }

        @Override
        public void checkPermission(Permission permission, Object context) {
            // everything is allowed
        }
    }
}
