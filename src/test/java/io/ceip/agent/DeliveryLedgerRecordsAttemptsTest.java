package io.ceip.agent;

import io.ceip.agent.outbox.DeliveryLedger.Entry;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerRecordsAttemptsTest extends AgentTestSupport {

    @Test
    void theLedgerHasOneLinePerAttemptWithTheBodysFingerprint() throws Exception {
        server().reply(Reply.status(503), Reply.status(202), Reply.status(400), Reply.status(204));

        runReportCycle();
        runReportCycle();
        runReportCycle();

        List<Received> requests = server().received();
        List<Entry> ledger = DeliveryLedger.read(dataDirectory().resolve("ledger.log"));
        assertThat(ledger).extracting(Entry::outcome, Entry::attempt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("HTTP_503", 1), org.assertj.core.groups.Tuple.tuple("HTTP_202", 2),
                org.assertj.core.groups.Tuple.tuple("HTTP_400", 1), org.assertj.core.groups.Tuple.tuple("HTTP_204", 1));
        for (int i = 0; i < requests.size(); i++) {
            Received request = requests.get(i);
            Entry entry = ledger.get(i);
            assertThat(entry.reportId()).isEqualTo(request.header("Idempotency-Key"));
            assertThat(entry.sha256()).isEqualTo(DeliveryLedger.sha256(request.rawBody()));
            assertThat(entry.bytes()).isEqualTo(request.rawBody().length);
        }
        assertThat(Files.readString(dataDirectory().resolve("ledger.log"))).doesNotContain("hosts")
                .doesNotContain("Demo Monitoring");
    }

    @Test
    void theDeliveredReportsAreKeptByteForByteBesideTheLedger() throws Exception {
        server().reply(Reply.status(202), Reply.status(400), Reply.status(204));

        runReportCycle();
        runReportCycle();
        runReportCycle();

        List<Received> requests = server().received();
        List<java.nio.file.Path> sent;
        try (var files = Files.list(dataDirectory().resolve("sent"))) {
            sent = files.sorted().toList();
        }
        assertThat(sent).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Received delivered = requests.get(i == 0 ? 0 : 2);
            assertThat(sent.get(i).getFileName().toString()).matches("\\d{8}T\\d{9}Z-"
                    + delivered.header("Idempotency-Key") + "\\.json\\.gz");
            assertThat(Files.readAllBytes(sent.get(i))).isEqualTo(delivered.rawBody());
        }
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log"))).filteredOn(Entry::success)
                .extracting(Entry::sha256).containsExactly(DeliveryLedger.sha256(Files.readAllBytes(sent.get(0))),
                        DeliveryLedger.sha256(Files.readAllBytes(sent.get(1))));
    }
}
