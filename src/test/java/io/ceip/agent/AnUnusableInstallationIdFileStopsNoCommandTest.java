package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An installation ID file that cannot be used (here a link to a directory holding an ID, a directory, a file of
 * 100 KB) stops none of run, status, preview and send: status and preview say it (one WARN line on stderr naming the
 * file and what is wrong) and change nothing; send and the resident agent report under a new ID, the entry set aside
 * beside it, never followed. Before, each of the four commands stopped with one line and exit code 1 until someone
 * acted (review s29).
 */
class AnUnusableInstallationIdFileStopsNoCommandTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @ParameterizedTest
    @ValueSource(strings = {"link to a directory", "directory", "file of 100 KB"})
    void statusAndPreviewSayItAndChangeNothing(String kind) throws Exception {
        config("ceip.consent.default=basic", "ceip.collector.enabled=false");
        Path file = plant(kind);
        String why = kind.equals("directory") ? "a directory, not a regular file" : kind.startsWith("link")
                ? "a symbolic link, not a regular file" : "102400 bytes, more than 4096";
        List<Path> before = listing();

        Result status;
        Result preview;
        try (LogCapture log = LogCapture.attach()) {
            status = run("status");
            assertThat(log.all().lines().filter(line -> line.contains("installation-id"))).as("status")
                    .singleElement().asString().contains(file + ": " + why + ": not used; a new installation ID is"
                            + " made");
        }
        try (LogCapture log = LogCapture.attach()) {
            preview = run("preview");
            assertThat(log.all().lines().filter(line -> line.contains("installation-id"))).as("preview")
                    .singleElement().asString().contains(file + ": " + why + ": not used; a new installation ID is"
                            + " made");
        }

        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("installation ID: none usable (installation-id: " + why + "; the next"
                + " report stored makes a new one and sets the file aside)\n");
        assertThat(preview.code()).isZero();
        assertThat(preview.out()).contains("\"installationId\"");
        assertThat(preview.err()).contains("no installation ID yet: the one shown is made for this preview only")
                .doesNotContain("\tat ");
        assertThat(listing()).as("status and preview write nothing").isEqualTo(before);
    }

    @Test
    void sendAndTheResidentAgentReportUnderANewIdAndSetTheLinkAside() throws Exception {
        int port = FreePort.next();
        config("ceip.consent.default=basic", "ceip.collector.enabled=true", "ceip.collector.port=" + port,
                "ceip.endpoint.url=https://localhost:" + port + "/v1/reports", "ceip.database.demo-data=true",
                "ceip.endpoint.token=ceip-demo-token-0123456789");
        Path file = plant("link to a directory");
        Path target = Files.readSymbolicLink(file);

        Result send = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run("send"));

        assertThat(send.code()).as(send.out() + send.err()).isZero();
        assertThat(send.out().lines().reduce((first, second) -> second)).get().asString()
                .matches("Report [0-9a-f-]{36} delivered");
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
        UUID made = UUID.fromString(Files.readString(file).trim());
        Path aside = setAside();
        assertThat(Files.readSymbolicLink(aside)).as("the link itself, set aside").isEqualTo(target);
        assertThat(Files.readString(target.resolve("installation-id"))).as("its target untouched")
                .isEqualTo("3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b\n");

        Files.delete(file);
        Files.createDirectory(file); // and now a directory: the resident agent starts all the same
        Main main = AgentCommand.newMain(Map.of("ceip.dead-letter.replay-enabled", "false"));
        try (LogCapture log = LogCapture.attach()) {
            main.start();
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("ceip-report"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(log.all()).containsOnlyOnce(file + ": a directory, not a regular file: not used");
        } finally {
            main.stop();
        }
        assertThat(made.version()).isEqualTo(4);
    }

    private Path plant(String kind) throws Exception {
        Path file = Files.createDirectories(dir.resolve("data")).resolve("installation-id");
        switch (kind) {
            case "link to a directory" -> {
                Path target = Files.createDirectory(outside.resolve("ids"));
                Files.writeString(target.resolve("installation-id"), "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b\n");
                Files.createSymbolicLink(file, target);
            }
            case "directory" -> Files.writeString(Files.createDirectory(file).resolve("kept"), "kept");
            default -> Files.write(file, new byte[100 * 1024]);
        }
        return file;
    }

    private Path setAside() throws Exception {
        try (Stream<Path> entries = Files.list(dir.resolve("data"))) {
            return entries.filter(entry -> entry.getFileName().toString().matches("installation-id\\.unusable-"
                    + "\\d{8}T\\d{6}Z")).findFirst().orElseThrow();
        }
    }

    private void config(String... settings) throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.database.url=jdbc:h2:mem:id-file-"
                        + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "ceip.schedule.initial-delay=3600000",
                String.join("\n", settings), ""));
        System.setProperty("ceip.config", config.toString());
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }
}
