package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PlantedSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's tracer on ({@code camel.main.tracing=true}, an allowed key and a usual step when debugging) logs each step of
 * each route, but never a message's content: the rows camel-jdbc read from the product database (user logins a usage
 * query's keys carry before they are pseudonymised) and the lines a product handed (an error's message, checked and
 * dropped) were logged as the body of each step; the agent's tracer shows the exchange, the route, the step and the
 * body's type only. Values no redaction pattern recognises ({@link PlantedSecrets#unrecognisable()}) are planted as
 * logins and as an event's message; after previews and report cycles at full and basic consent none is in the log,
 * what left or what was written, while the log holds the trace of the collection's steps.
 */
class CamelsTracerShowsStepsNotValuesTest extends AgentTestSupport {

    private static final Map<String, String> VALUES = PlantedSecrets.unrecognisable();
    private final LogCapture log = LogCapture.attach();
    // made in overrides(): CamelTestSupport asks for the properties from its constructor, before field initialisers
    private int port;

    @Override
    protected Properties overrides() {
        List<String> values = PlantedSecrets.values(VALUES);
        for (int i = 0; i < values.size(); i++) {
            database().execute("INSERT INTO ui_event VALUES (" + (1000 + i) + ", '" + values.get(i)
                    + "', CURRENT_TIMESTAMP)");
        }
        // the dashboards' owners (users 1 to 3): their logins are the keys the report sends as pseudonyms
        for (int id = 1; id <= 3; id++) {
            database().execute("UPDATE app_user SET login = '" + values.get(id) + "' WHERE id = " + id);
        }
        port = FreePort.next();
        return with("camel.main.tracing", "true", "ceip.consent.default", "full", "ceip.events.poll-interval", "100",
                "ceip.events.http.enabled", "true", "ceip.events.http.port", Integer.toString(port));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void theTraceHoldsTheStepsAndNoneOfTheValues() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String value : PlantedSecrets.values(VALUES)) {
            lines.append("{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}\n");
        }
        String token = Files.readString(dataDirectory().resolve("events-token")).strip();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ceip/events")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(202);
        Path spool = Files.createDirectories(dataDirectory().resolve("events"));
        Path handed = Files.writeString(spool.resolve("planted.jsonl.tmp"), lines);
        Files.move(handed, spool.resolve("planted.jsonl"), StandardCopyOption.ATOMIC_MOVE);
        EventSpool events = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.accepted() == 2L * VALUES.size());

        List<String> written = new ArrayList<>(previewsAndCyclesThenBasic());

        assertThat(log.all()).as("the tracer logged the collection's steps and the events' intake")
                .contains("[ceip-build-r]", "jdbc://ceipDataSource", "[ceip-events ]", "[ceip-events-]")
                .doesNotContain(token);
        assertThat(server().received()).as("the full and basic cycles were delivered").hasSizeGreaterThanOrEqualTo(2);
        assertThat(plantedValuesFound(VALUES, written, log.all())).as("planted values in the trace or elsewhere")
                .isEmpty();
    }
}
