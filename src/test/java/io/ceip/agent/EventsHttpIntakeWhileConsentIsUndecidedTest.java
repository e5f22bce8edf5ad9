package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: while the product's consent setting cannot be read (here its table is missing), the intake answers
 * 503 with {@code Retry-After: 30} — send again later — not the 403 that tells the product its events were discarded.
 */
class EventsHttpIntakeWhileConsentIsUndecidedTest extends AgentTestSupport {

    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        return with("ceip.consent.query", "SELECT option_value FROM no_such_option_table",
                "ceip.events.http.enabled", "true", "ceip.events.http.port", Integer.toString(port));
    }

    @Test
    void theProductIsToldToSendAgainLater() throws Exception {
        String token = Files.readString(dataDirectory().resolve("events-token")).strip();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ceip/events")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(EventsHttpIntakeTest.LINES)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("30");
        assertThat(answer.body()).isEqualTo("{\"error\":\"consent cannot be decided now, send again later\","
                + "\"accepted\":0}");
        assertThat(Files.readString(dataDirectory().resolve("consent-level")).trim()).as("the product is told to"
                + " record nothing meanwhile").isEqualTo("off");
    }
}
