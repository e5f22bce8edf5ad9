package io.ceip.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A usage query's name may be 64 characters (collect.UsageQueries), so its failure's source, {@code query:<name>}, 70:
 * {@code send}'s answer named it whole before PartialReport, which cut every source at 64, so the answer, the ledger
 * and {@code status} named a query that does not exist (the log line names it whole). The agent's longest source is now
 * said whole, in the answer and through the ledger.
 */
class PartialReportNamesTheLongestQueryWholeTest {

    @Test
    void aQueryOfTheLongestNameIsNamedWholeInTheAnswerAndTheLedger() {
        String source = "query:q" + "u".repeat(63); // the longest name UsageQueries takes
        PartialReport partial = PartialReport.of(1, List.of(new PartialReport.Failure(source, "timeout")));

        assertThat(partial.said()).isEqualTo(" (partial: 1 failure: " + source + " timeout; see the log)");
        assertThat(PartialReport.fromLedger(partial.ledgerField().substring("partial=".length())))
                .as("read back from its ledger line").isEqualTo(partial);
    }
}
