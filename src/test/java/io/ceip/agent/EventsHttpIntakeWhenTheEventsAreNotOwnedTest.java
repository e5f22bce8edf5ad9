package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that cannot lock {@code events.lock} (here a directory of that name) does not own the product events: its
 * spool route is off, and its HTTP intake, over real HTTP on 127.0.0.1, answers 503 with {@code Retry-After} and
 * writes nothing, since its reports would never carry what it took (the product keeps the events and sends them
 * again); the start's WARN line says so.
 */
class EventsHttpIntakeWhenTheEventsAreNotOwnedTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        try {
            Files.createDirectories(dataDirectory().resolve("events.lock"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return with("ceip.consent.default", "full", "ceip.events.http.enabled", "true",
                "ceip.events.http.port", Integer.toString(port));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void theIntakeAnswers503AndKeepsNothing() throws Exception {
        HttpResponse<String> answer = EventsHttpIntakeTest.postSampleLines(dataDirectory(), port);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(answer.body()).isEqualTo("{\"error\":\"events are not taken by this agent now, send again later\","
                + "\"accepted\":0}");
        assertThat(dataDirectory().resolve(EventsConfiguration.AGGREGATE_FILE)).doesNotExist();
        assertThat(context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class).accepted()).isZero();
        assertThat(log.all()).contains("The product events are neither read nor sent by this process: ")
                .contains("events.lock cannot be locked").contains("(the HTTP intake answers 503)")
                .contains("Events: HTTP intake: 1 request(s) refused (503) since start: this process does not own the"
                        + " events (events.lock)");
    }
}
