package io.ceip.agent;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.CommandLineRun.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} beside a spool ({@code ceip.events.directory}) that is not what the agent makes: a symbolic link (the
 * agent does not start with it), a regular file, a FIFO, or a directory holding a link, a FIFO and a directory named
 * like spool files. Each is one true {@code events:} line, exit code 0, nothing on stderr but what status says anyway,
 * never a stack trace, and no FIFO opened. Before, the first three said "0 spool file(s) waiting" (the spool looked
 * missing), and an install taking events over HTTP only said the events were "off".
 */
class StatusBesideAHostileSpoolTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    private String events(String... settings) throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.collector.enabled=false",
                "ceip.database.url=jdbc:h2:mem:status-" + UUID.randomUUID(), String.join("\n", settings), ""));
        System.setProperty("ceip.config", config.toString());
        Result result = run("status");
        assertThat(result.code()).isZero();
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
        return result.out().lines().filter(line -> line.startsWith("events:")).findFirst().orElseThrow()
                .substring("events:".length()).strip();
    }

    private static void mkfifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
    }

    @Test
    void aSpoolThatIsNoDirectoryIsSaidSo() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("a.jsonl"), "{}\n");
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
        assertThat(events("ceip.events.directory=" + linked)).isEqualTo("the spool " + linked + " is a symbolic"
                + " link: the agent does not start with it (point ceip.events.directory at the directory it links to);"
                + " counters since start: JMX org.apache.camel:context=ceip-agent,type=ceip,name=events, metrics"
                + " ceip_events_*");

        Path file = Files.writeString(dir.resolve("file"), "{}\n");
        assertThat(events("ceip.events.directory=" + file)).startsWith("the spool " + file + " is a regular file,"
                + " not a directory: no event is read from it;");

        Path fifo = dir.resolve("fifo");
        mkfifo(fifo);
        assertThat(events("ceip.events.directory=" + fifo)).startsWith("the spool " + fifo + " is a special file,"
                + " not a directory: no event is read from it;");

        assertThat(events("ceip.events.directory=" + dir.resolve("missing"))).startsWith("0 spool file(s) waiting in "
                + dir.resolve("missing") + " (not made yet: the agent makes it at full consent);");
    }

    @Test
    void hostileEntriesAreNeitherCountedNorOpened() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("data/events"));
        Files.writeString(spool.resolve("a.jsonl"), "{}\n");
        mkfifo(spool.resolve("f.jsonl")); // opened, it would block status for good
        Files.createDirectories(spool.resolve("d.jsonl"));
        Files.createSymbolicLink(spool.resolve("l.jsonl"), spool.resolve("a.jsonl"));
        Files.createSymbolicLink(spool.resolve("gone.jsonl"), spool.resolve("nowhere"));
        Files.writeString(spool.resolve(".hidden.jsonl"), "{}\n");

        assertThat(events()).startsWith("1 spool file(s) waiting in " + spool + "; counters since start:");
    }

    @Test
    void eventsOverHttpOnlyAreSaidSo() throws Exception {
        Files.createDirectories(dir.resolve("data/events"));
        Files.writeString(dir.resolve("data/events/theirs.jsonl"), "{}\n");
        assertThat(events("ceip.events.enabled=false", "ceip.events.http.enabled=true",
                "ceip.events.http.port=19877")).isEqualTo("HTTP intake on http://127.0.0.1:19877/ceip/events; no spool"
                + " (ceip.events.enabled=false: its directory is neither read nor emptied); counters since start: JMX"
                + " org.apache.camel:context=ceip-agent,type=ceip,name=events, metrics ceip_events_*");
        assertThat(events("ceip.events.enabled=false")).isEqualTo("off (ceip.events.enabled=false,"
                + " ceip.events.http.enabled=false)");
    }
}
