package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation that takes the product's events over the HTTP intake only ({@code ceip.events.enabled=false},
 * {@code ceip.events.http.enabled=true}) still has a configured spool directory ({@code ceip.events.directory},
 * by default {@code data/events}): nothing there was handed to the agent, and the agent never reads it, so at no
 * consent boundary does it delete anything there. Before, the start that gave consent anew, and each request whose
 * decision gave it anew (JMX {@code off} then {@code full}), emptied the directory of its {@code *.jsonl} files, files
 * another program wrote (one dated before the boundary, one after). What came over HTTP before a boundary is still
 * never sent: each request decides consent itself.
 */
class EventsOverHttpOnlyLeaveTheSpoolDirectoryAloneTest extends AgentTestSupport {

    private static final String THEIRS = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";

    private int port;
    private Path older;
    private Path newer;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        try { // consent withdrawn before this start; at the start it is full again (ceip.consent.default): anew
            Instant now = Instant.now();
            Files.writeString(dataDirectory().resolve("consent-audit.log"), now.minusSeconds(600)
                    + " none -> full source=config:ceip.consent.default\n" + now.minusSeconds(300)
                    + " full -> off source=runtime-setting\n");
            Path spool = Files.createDirectories(dataDirectory().resolve("events"));
            older = Files.writeString(spool.resolve("older.jsonl"), THEIRS);
            Files.setLastModifiedTime(older, FileTime.from(now.minus(Duration.ofHours(1))));
            newer = Files.writeString(spool.resolve("newer.jsonl"), THEIRS);
            Files.setLastModifiedTime(newer, FileTime.from(now.plus(Duration.ofHours(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.consent.default", "full", "ceip.events.enabled", "false", "ceip.events.http.enabled",
                "true", "ceip.events.http.port", Integer.toString(port));
    }

    @Test
    void noConsentBoundaryDeletesAnythingInTheUnusedSpoolDirectory() throws Exception {
        EventSpool counters = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log"))).as("the start gave consent anew")
                .contains(" off -> full ");
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(202);

        management().setConsent("off"); // a new boundary, then a request that decides full anew
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(403);
        management().setConsent("full");
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(202);
        management().setConsent("basic"); // lowered, then full anew
        management().setConsent("full");
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(202);

        assertThat(Files.readString(older)).as("a file the agent did not write, dated before the boundary")
                .isEqualTo(THEIRS);
        assertThat(Files.readString(newer)).as("one dated after it").isEqualTo(THEIRS);
        assertThat(counters.deletedUnread()).isZero();
        assertThat(counters.accepted()).as("what came over HTTP at full, each request deciding (of 7 events each, the"
                + " one dated before the withdrawal refused)").isEqualTo(18);
        assertThat(Files.readString(dataDirectory().resolve("consent-level"))).isEqualTo("full\n");
    }
}
