package io.ceip.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent delivering as in the default run, to the embedded collector: the collector's single-node form (the
 * repository's {@code collector/}: its routes, products and tokens) started by the demo in the agent's JVM, with a
 * certificate of its own that the agent trusts with nothing configured, and the demo's token.
 */
class EmbeddedCollectorTakesTheAgentsReportsTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();

    // set by overrides(), which CamelTestSupport calls from its constructor, before field initialisers
    private int collectorPort;

    @Override
    protected Properties overrides() {
        collectorPort = FreePort.next();
        return sendingToTheEmbeddedCollector(collectorPort);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void theAgentTrustsTheCollectorsOwnCertificateAndTheCollectorStoresEachReportOnce() throws Exception {
        runReportCycle();
        runReportCycle();

        List<DeliveryLedger.Entry> ledger = DeliveryLedger.read(dataDirectory().resolve("ledger.log"));
        assertThat(ledger).extracting(DeliveryLedger.Entry::outcome).containsExactly("HTTP_202", "HTTP_202");
        assertThat(ledger).extracting(DeliveryLedger.Entry::reportId).doesNotHaveDuplicates();
        assertThat(deadLetters().entries()).isEmpty();

        // each one is in the collector's store: the same report ID again (in upper case) is a duplicate, answered 200
        HttpClient client = HttpClient.newBuilder().sslContext(trustingEmbeddedCollector()).build();
        for (DeliveryLedger.Entry delivered : ledger) {
            ObjectNode again = (ObjectNode) parse(management().preview());
            again.put("reportId", delivered.reportId().toUpperCase(Locale.ROOT));
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + collectorPort + "/v1/reports"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer ceip-demo-token-0123456789")
                    .POST(HttpRequest.BodyPublishers.ofString(again.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).containsIgnoringCase(delivered.reportId());
        }
        assertThat(log.shown()).as("the endpoint is the demo's collector").doesNotContain("ceip.collector.enabled=true");
    }
}
