package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A product's error events within the agent's bounds (500 fingerprints, 32 own frames each) can make a full-consent
 * report larger than {@code ceip.report.max-bytes}. The report is then sent with the frames of the most frequent
 * fingerprints only (every fingerprint and count still in it), one WARN line says what was left out, and the next
 * report does not carry the rest again: the events never stop the reports.
 */
class EventsTooBigForAReportAreFittedTest extends AgentTestSupport {

    private static final String[] MODULES = { "dashboards", "web", "reports", "discovery", "alerts", "storage" };
    private static final String[] CLASSES = { "DashboardService", "ReportController", "HostRepository",
        "MetricHandler", "UserManager", "AlertFactory", "JobScheduler", "ViewResolver" };
    private static final String[] METHODS = { "open", "show", "load", "save", "render", "resolve", "handle" };

    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", "100",
                "ceip.events.catalog-file", "config/events.yaml");
    }

    @AfterEach
    void detach() {
        log.close();
    }

    /** 500 errors, each of 32 frames drawn from 2,000 plausible own frames (lambdas), and a feature used 3 times. */
    private static String errors(int count) {
        Random random = new Random(7);
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            vocabulary.add("com.demo.monitoring." + MODULES[random.nextInt(MODULES.length)] + "."
                    + CLASSES[random.nextInt(CLASSES.length)] + ".lambda$" + METHODS[random.nextInt(METHODS.length)]
                    + "$" + random.nextInt(100)
                    + "(X.java:" + (10 + random.nextInt(900)) + ")");
        }
        StringBuilder lines = new StringBuilder();
        for (int error = 0; error < count; error++) {
            StringBuilder frames = new StringBuilder();
            for (int frame = 0; frame < 32; frame++) {
                frames.append(frame == 0 ? "" : ",").append('"')
                        .append(vocabulary.get(random.nextInt(vocabulary.size()))).append('"');
            }
            String line = "{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"frames\":[" + frames
                    + "]}\n";
            lines.append(line.repeat(1 + error % 3)); // counts 1, 2 and 3: the most frequent keep their frames
        }
        return lines + "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n".repeat(3);
    }

    private void spool(String name, String lines) throws Exception {
        Path spool = dataDirectory().resolve("events");
        Files.createDirectories(spool);
        Path temp = Files.writeString(spool.resolve(name + ".tmp"), lines);
        Path file = Files.move(temp, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file));
    }

    @Test
    void aReportTooBigWithItsEventsGoesWithoutTheLeastFrequentFramesAndTheNextOneIsNotHeldBack() throws Exception {
        spool("errors.jsonl", errors(500));

        runReportCycle();

        assertThat(server().received()).as("delivered, not refused as too big").hasSize(1);
        assertThat(server().received().get(0).rawBody().length).isLessThanOrEqualTo(65536);
        JsonNode report = parse(server().received().get(0).json());
        JsonNode errors = report.get("errors");
        assertThat(errors.size()).as("every fingerprint, with its count").isEqualTo(500);
        int withFrames = 0;
        long leastCountWithFrames = Long.MAX_VALUE;
        long mostCountWithout = 0;
        for (Iterator<JsonNode> it = errors.elements(); it.hasNext();) {
            JsonNode error = it.next();
            if (error.path("frames").size() > 0) {
                withFrames++;
                leastCountWithFrames = Math.min(leastCountWithFrames, error.get("count").asLong());
            } else {
                mostCountWithout = Math.max(mostCountWithout, error.get("count").asLong());
            }
        }
        assertThat(withFrames).as("the frames of the most frequent fingerprints: a half, a quarter, …")
                .isIn(250, 125, 62, 31);
        assertThat(leastCountWithFrames).as("frames kept for the most frequent").isGreaterThanOrEqualTo(mostCountWithout);
        assertThat(report.at("/features/events/dashboards.open").asLong()).isEqualTo(3);
        assertThat(log.shown()).containsPattern("Report " + report.get("reportId").asText() + ": its product events"
                + " make it \\d+ bytes gzip, over ceip.report.max-bytes \\(65536\\): left out the frames of " + (500 - withFrames)
                + " of 500 error fingerprints \\(not kept: they would not fit in any report\\)");

        spool("later.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n");
        runReportCycle();

        assertThat(server().received()).hasSize(2);
        JsonNode next = parse(server().received().get(1).json());
        assertThat(next.has("errors")).as("what was left out is not sent again").isFalse();
        assertThat(next.at("/features/events").toString()).isEqualTo("{\"reports.export\":1}");
    }
}
