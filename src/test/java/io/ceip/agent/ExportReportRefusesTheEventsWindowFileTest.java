package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JMX export writes no file the agent reads: the events' window ({@code events-aggregate.json.gz} in the data
 * directory, read back at start) ends in {@code .gz} too, and while it was absent (consent below full, or nothing
 * counted yet) {@code exportReport("events-aggregate.json.gz")} made it, a report where the next start reads the
 * window.
 */
class ExportReportRefusesTheEventsWindowFileTest extends AgentTestSupport {

    @Test
    void theEventsWindowFileIsRefused() {
        String answer = management().exportReport(EventsConfiguration.AGGREGATE_FILE);

        assertThat(answer).startsWith("Not exported: '" + EventsConfiguration.AGGREGATE_FILE + "' is inside");
        assertThat(dataDirectory().resolve(EventsConfiguration.AGGREGATE_FILE)).doesNotExist();
        assertThat(management().exportReport("exports/report.json.gz")).startsWith("Report ");
    }
}
