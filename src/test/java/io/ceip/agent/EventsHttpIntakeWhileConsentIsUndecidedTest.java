package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.net.http.HttpResponse;
import java.nio.file.Files;
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
        HttpResponse<String> answer = EventsHttpIntakeTest.postSampleLines(dataDirectory(), port);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("30");
        assertThat(answer.body()).isEqualTo("{\"error\":\"consent cannot be decided now, send again later\","
                + "\"accepted\":0}");
        assertThat(Files.readString(dataDirectory().resolve("consent-level")).trim()).as("the product is told to"
                + " record nothing meanwhile").isEqualTo("off");
    }
}
