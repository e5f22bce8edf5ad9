package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spool through the real route ({@code ceip-events}) and the real report cycle, at full consent: a file
 * written under another name and renamed to {@code *.jsonl} is counted and deleted (the name it was written under is
 * left alone); a link and a file too large are refused and deleted, never read; the next report carries
 * {@code features.events}, {@code errors} and {@code durations}, valid against the schema, and the one after it
 * only what came since.
 */
class EventsSpoolRouteTest extends AgentTestSupport {

    /** Eight lines: 7 events (declared and not, an error with a message and frames, durations) and one not JSON. */
    static final String SAMPLE = String.join("\n",
            "{\"type\":\"feature\",\"name\":\"dashboards.open\"}",
            "{\"type\":\"feature\",\"name\":\"dashboards.open\",\"at\":\"2026-11-23T10:15:30Z\"}",
            "{\"type\":\"feature\",\"name\":\"beta.sandbox\"}",
            "not json at all",
            "{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":\"no dashboard\","
                    + "\"frames\":[\"com.demo.monitoring.dashboards.DashboardService.open(DashboardService.java:42)\","
                    + "\"org.framework.Dispatcher.handle(Dispatcher.java:1)\"]}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":1000}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":3000}",
            "{\"type\":\"duration\",\"operation\":\"unknown-op\",\"millis\":10}");

    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", "100",
                "ceip.events.max-file-bytes", "4096", "ceip.events.catalog-file", "config/events.yaml");
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private Path spool() {
        return dataDirectory().resolve("events");
    }

    /** What a product does: write under another name, then rename. */
    private Path hand(String name, String lines) throws Exception {
        Files.createDirectories(spool());
        Path temp = Files.writeString(spool().resolve(name + ".tmp"), lines);
        return Files.move(temp, spool().resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void spooledEventsAreCountedDeletedAndReportedOnce() throws Exception {
        Path writing = Files.writeString(Files.createDirectories(spool()).resolve("next.jsonl.tmp"),
                "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        Path outside = Files.writeString(newTempDirectory().resolve("outside.jsonl"),
                "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        Path link = Files.createSymbolicLink(spool().resolve("link.jsonl"), outside);
        Path big = hand("big.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n".repeat(200));
        Path file = hand("a.jsonl", SAMPLE);

        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(big) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        assertThat(spool.accepted()).isEqualTo(7);
        assertThat(spool.refusedLines()).isEqualTo(1);
        assertThat(spool.refusedFiles()).isEqualTo(2);
        assertThat(Files.exists(writing)).as("a file not yet renamed is left to the product").isTrue();
        assertThat(Files.readString(outside)).as("the link's target is untouched").contains("dashboards.open");
        assertThat(log.all()).contains("link.jsonl refused: not a regular file").contains("big.jsonl refused");
        Path aggregate = dataDirectory().resolve("events-aggregate.json.gz");
        assertThat(Files.getPosixFilePermissions(aggregate)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dataDirectory().resolve("consent-level"))).isEqualTo("full\n");

        runReportCycle();
        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.at("/features/events/dashboards.open").asLong()).isEqualTo(2);
        assertThat(report.at("/features/events/other").asLong()).isEqualTo(1);
        JsonNode errors = report.get("errors");
        assertThat(errors.size()).isEqualTo(1);
        JsonNode error = errors.elements().next();
        assertThat(errors.fieldNames().next()).matches("[0-9a-f]{16}");
        assertThat(error.get("exception").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("count").asLong()).isEqualTo(1);
        assertThat(error.get("frames").toString())
                .isEqualTo("[\"com.demo.monitoring.dashboards.DashboardService.open\"]");
        assertThat(report.at("/durations/deploy/count").asLong()).isEqualTo(2);
        assertThat(report.at("/durations/deploy/p50").asLong()).isBetween(1000L, 1125L);
        assertThat(report.at("/durations/deploy/max").asLong()).isEqualTo(3000);
        assertThat(report.at("/durations/other/count").asLong()).isEqualTo(1);
        assertThat(report.toString()).doesNotContain("no dashboard").doesNotContain("beta.sandbox")
                .doesNotContain("org.framework").doesNotContain("unknown-op").doesNotContain("DashboardService.java");
        assertThat(ReportSchema.load(JSON).violations(report)).isEmpty();

        hand("b.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(spool().resolve("b.jsonl")));
        runReportCycle();
        JsonNode second = parse(server().received().get(1).json());
        assertThat(second.at("/features/events").toString()).isEqualTo("{\"reports.export\":1}");
        assertThat(second.has("errors")).as("the window was reset by the first report").isFalse();
        assertThat(second.has("durations")).isFalse();
    }
}
