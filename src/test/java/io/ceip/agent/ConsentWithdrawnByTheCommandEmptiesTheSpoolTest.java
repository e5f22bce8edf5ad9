package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code consent off} or {@code basic} (a withdrawal of the events, which leave at full only) deletes the spool's
 * files unread at once, as it lowers {@code consent-level} at once: they were written before it. Before, they stayed
 * until an agent looked; with the agent stopped and consent given again before its start, a file written before the
 * withdrawal and dated after it (the product's clock ahead, a touch) was read at the start and counted under the new
 * consent, since only its time was known. Files still being written (hidden, other names) are left.
 */
class ConsentWithdrawnByTheCommandEmptiesTheSpoolTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    private void configured() throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.consent.default=basic",
                "ceip.database.url=jdbc:h2:mem:consent-" + UUID.randomUUID(), "ceip.collector.enabled=false", ""));
        System.setProperty("ceip.config", config.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "basic"})
    void aWithdrawalDeletesTheSpoolsFilesUnreadWhateverTheirTimes(String level) throws Exception {
        configured();
        assertThat(run("consent", "full").code()).isZero();
        Path spool = dir.resolve("data/events");
        Path before = Files.writeString(spool.resolve("before.jsonl"), "{\"type\":\"feature\",\"name\":\"x\"}\n");
        Files.setLastModifiedTime(before, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
        Path writing = Files.writeString(spool.resolve(".events-1.jsonl"), "{\"type\":\"feature\"");
        Path other = Files.writeString(spool.resolve("events-2.jsonl.tmp"), "{\"type\":\"feature\"");

        Result withdrawn = run("consent", level);

        assertThat(withdrawn.code()).isZero();
        assertThat(before).as("written before the withdrawal, whatever its time").doesNotExist();
        assertThat(writing).as("hidden: still being written").exists();
        assertThat(other).as("not handed over").exists();
        assertThat(withdrawn.out()).endsWith("; 1 spool file(s) of product events deleted unread\n");
        assertThat(run("consent", level).out()).as("none the second time").doesNotContain("spool file(s)");
    }

    /**
     * With no agent running, {@code consent full} after off or basic tells the product full itself: what the spool
     * holds then was written while it was told off or basic (a product that did not wait, a file dated ahead), and is
     * deleted unread before; before, an agent started later read it, its time being after the new consent's.
     */
    @Test
    void consentGivenAnewWithNoAgentDeletesWhatWasWrittenBeforeItTells() throws Exception {
        configured();
        assertThat(run("consent", "full").code()).isZero();
        assertThat(run("consent", "off").code()).isZero();
        Path spool = dir.resolve("data/events");
        Path whileOff = Files.writeString(spool.resolve("while-off.jsonl"), "{\"type\":\"feature\",\"name\":\"x\"}\n");
        Files.setLastModifiedTime(whileOff, FileTime.from(Instant.now().plus(Duration.ofHours(1))));

        Result given = run("consent", "full");

        assertThat(whileOff).as("written while the product was told off").doesNotExist();
        assertThat(given.out()).endsWith("; 1 spool file(s) of product events deleted unread\n");
        assertThat(Files.readString(dir.resolve("data/consent-level"))).isEqualTo("full\n");
        Path after = Files.writeString(spool.resolve("after.jsonl"), "{\"type\":\"feature\",\"name\":\"x\"}\n");
        assertThat(run("consent", "full").out()).as("full again, nothing given anew: nothing deleted")
                .doesNotContain("spool file(s)");
        assertThat(after).exists();
    }
}
