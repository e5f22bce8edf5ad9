package io.ceip.agent;

import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.AgentTestSupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent delivering to its own embedded collector, as in the default run. */
class EmbeddedCollectorRouteTest extends AgentTestSupport {

    private int collectorPort;

    @Override
    protected Properties overrides() {
        collectorPort = FreePort.next();
        Properties properties = new Properties();
        properties.setProperty("ceip.collector.enabled", "true");
        properties.setProperty("ceip.collector.port", Integer.toString(collectorPort));
        properties.setProperty("ceip.collector.directory", dataDirectory().resolve("collector").toString());
        properties.setProperty("ceip.endpoint.url", "https://localhost:" + collectorPort + "/v1/reports");
        properties.setProperty("ceip.endpoint.trust-store", "");
        return properties;
    }

    @Test
    void theAgentTrustsTheGeneratedCertificateAndTheCollectorStoresEachReportOnce() throws Exception {
        runReportCycle();
        runReportCycle();

        Path received = dataDirectory().resolve("collector");
        try (var files = Files.list(received)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(2);
        }
        assertThat(deadLetters().entries()).isEmpty();

        HttpClient client = HttpClient.newBuilder().sslContext(trustingEmbeddedCollector()).build();
        // the collector requires Content-Type: application/json (the agent always sends it); without it: 415
        HttpResponse<String> malformed = client.send(HttpRequest.newBuilder(collectorUri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("not a report")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("body is not JSON");

        String again = Files.readString(Files.list(received).findFirst().orElseThrow());
        HttpResponse<String> repeat = client.send(HttpRequest.newBuilder(collectorUri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(again)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(repeat.statusCode()).isEqualTo(202);
        try (var files = Files.list(received)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(2);
        }

        HttpResponse<String> get = client.send(HttpRequest.newBuilder(collectorUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    private URI collectorUri() {
        return URI.create("https://localhost:" + collectorPort + "/v1/reports");
    }

}
