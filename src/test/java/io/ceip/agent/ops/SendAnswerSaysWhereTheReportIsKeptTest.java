package io.ceip.agent.ops;

import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.outbox.Kept;
import io.ceip.agent.report.ReportSteps;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sendNow's and {@code ceip-agent send}'s answer says where the report is as the routes recorded it (review s20 L1): a
 * report the store no longer holds (purged, evicted, set aside meanwhile) is not "stored", and its exit code does not
 * say "stored for retry".
 */
class SendAnswerSaysWhereTheReportIsKeptTest {

    private static final String ID = "3f2b0000-0000-4000-8000-000000000000";

    private static SendAnswer answer(Outcome outcome, String status, Kept kept) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ReportSteps.REPORT_ID, ID);
        exchange.setProperty(Outcome.PROPERTY, outcome.id());
        exchange.setProperty(DeliverySteps.STATUS, status);
        exchange.setProperty(DeliverySteps.KEPT, kept);
        return SendAnswer.of(exchange);
    }

    @Test
    void aRejectedReportKeptNowhereIsNotAnsweredStored() {
        SendAnswer answer = answer(Outcome.REJECTED, "HTTP 401", Kept.NOWHERE);

        assertThat(answer.line()).isEqualTo("Report " + ID + " not delivered (HTTP 401); " + Kept.GONE);
        assertThat(answer.exitCode()).as("rejected, as it was").isEqualTo(4);
    }

    @Test
    void aReportToRetryKeptNowhereIsNotAnsweredStoredForRetry() {
        SendAnswer answer = answer(Outcome.RETRY, "HTTP 503", Kept.NOWHERE);

        assertThat(answer.line()).isEqualTo("Report " + ID + " not delivered (HTTP 503); " + Kept.GONE);
        assertThat(answer.exitCode()).as("not 3, stored for retry").isEqualTo(6);
    }

    @Test
    void aRejectedReportOnDiskIsStoredAsRejected() {
        SendAnswer answer = answer(Outcome.REJECTED, "HTTP 400", Kept.DISK);

        assertThat(answer.line()).isEqualTo("Report " + ID + " not delivered (HTTP 400); stored as rejected");
        assertThat(answer.exitCode()).isEqualTo(4);
    }

    @Test
    void aReportNotMadeWhileAnotherWasCollectedSaysWhich() {
        io.ceip.agent.report.OneReportAtATime turns = new io.ceip.agent.report.OneReportAtATime(
                java.time.Duration.ofMillis(1), java.time.Clock.systemUTC());
        turns.take("report-a");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Outcome.PROPERTY, Outcome.BUSY.id());
        try {
            turns.take("report-b");
        } catch (RuntimeException e) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
        }

        SendAnswer answer = SendAnswer.of(exchange);
        assertThat(answer.line()).startsWith("Nothing sent: report report-a, collected since ")
                .endsWith(" (one report is collected at a time)");
        assertThat(answer.exitCode()).isEqualTo(6);
    }
}
