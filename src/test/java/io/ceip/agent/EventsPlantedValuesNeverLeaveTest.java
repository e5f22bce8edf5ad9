package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PlantedSecrets;
import io.ceip.agent.support.TestHttpsServer.Received;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secret-like values ({@link PlantedSecrets#generate()}) and values no pattern recognises
 * ({@link PlantedSecrets#unrecognisable()}) are planted in every place of an event the product writes: undeclared
 * feature and operation names, exception types, messages, frames of other packages and the file part of the
 * product's own frames, and lines that are refused. After the spool is read and reports are delivered (to a real
 * HTTPS server, some after failures that keep them in the dead-letter store) and previewed, none of the values is
 * in a request body, a file under the data directory (the aggregate, dead letters, ledger), a preview or the log —
 * while the declared names, the own frames and the platform exception type do leave.
 */
class EventsPlantedValuesNeverLeaveTest extends AgentTestSupport {

    private static final Map<String, String> VALUES = PlantedSecrets.all();
    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", "100");
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private static String json(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String lines() {
        StringBuilder lines = new StringBuilder();
        for (String value : VALUES.values()) {
            String v = json(value);
            String identifier = value.replaceAll("[^A-Za-z0-9]", "");
            lines.append("{\"type\":\"feature\",\"name\":").append(v).append("}\n");
            lines.append("{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
            lines.append("{\"type\":\"duration\",\"operation\":").append(v).append(",\"millis\":5}\n");
            lines.append("{\"type\":\"error\",\"exception\":").append(v).append("}\n");
            lines.append("{\"type\":\"error\",\"exception\":\"org.customer.").append(identifier).append("\"}\n");
            lines.append("{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":")
                    .append(v).append(",\"frames\":[").append(v)
                    .append(",\"org.customer.").append(identifier).append(".run(Job.java:3)\"")
                    .append(",").append(json("com.demo.monitoring.Jobs.run(" + value + ":12)")).append("]}\n");
            lines.append("{\"type\":\"feature\",\"name\":\"dashboards.open\",\"user\":").append(v).append("}\n");
            lines.append("garbage ").append(value.replace('\n', ' ')).append('\n');
        }
        return lines.toString();
    }

    @Test
    void noneOfTheValuesLeavesOrIsWritten() throws Exception {
        Path spool = Files.createDirectories(dataDirectory().resolve("events"));
        Files.writeString(spool.resolve("planted.jsonl.tmp"), lines());
        Files.move(spool.resolve("planted.jsonl.tmp"), spool.resolve("planted.jsonl"));
        EventSpool events = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(spool.resolve("planted.jsonl")));
        assertThat(events.accepted()).isEqualTo(6L * VALUES.size());
        assertThat(events.refusedLines()).isEqualTo(2L * VALUES.size());

        List<String> outputs = previewsAndCyclesThenBasic();
        List<String> bodies = server().received().stream().map(Received::json).toList();

        List<String> found = plantedValuesFound(VALUES, outputs, log.all());
        System.out.printf("%d values planted in %d event lines; found anywhere: %d%n", VALUES.size(),
                8 * VALUES.size(), found.size());
        assertThat(found).as("planted values found in what left or was written").isEmpty();

        String full = bodies.stream().filter(b -> parse(b).get("consentLevel").asText().equals("full")).findFirst()
                .orElseThrow();
        assertThat(parse(full).at("/features/events/dashboards.open").asLong()).isEqualTo(VALUES.size());
        assertThat(parse(full).at("/features/events/other").asLong()).isEqualTo(VALUES.size());
        assertThat(full).contains("java.lang.IllegalStateException").contains("com.demo.monitoring.Jobs.run");
        assertThat(parse(full).at("/errors/other").isMissingNode()).as("fingerprints within the bound").isTrue();
    }
}
