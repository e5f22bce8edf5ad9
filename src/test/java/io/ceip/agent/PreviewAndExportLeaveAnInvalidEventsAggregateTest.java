package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review's reproduction of s21 L3 as commands: at full consent, {@code preview} and {@code export} find an
 * {@code events-aggregate.json.gz} that is not valid (a feature count of -5): one line says it is not used, and the
 * file keeps its bytes and time (the running agent removes it: {@code EventStoreReadingOnlyLeavesTheFileTest}).
 */
class PreviewAndExportLeaveAnInvalidEventsAggregateTest {

    @TempDir
    Path work;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
        log.close();
    }

    private Path aggregate(Path data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write("{\"version\":1,\"features\":{\"reports.export\":-5}}".getBytes(StandardCharsets.UTF_8));
        }
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        return Files.write(Files.createFile(data.resolve("events-aggregate.json.gz"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), out.toByteArray());
    }

    private static String snapshot(Path file) throws Exception {
        return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS) + " "
                + Arrays.hashCode(Files.readAllBytes(file));
    }

    @Test
    void previewAndExportLeaveItAsItIs() throws Exception {
        Path data = work.resolve("data");
        Path file = aggregate(data);
        String before = snapshot(file);
        Path config = Files.writeString(work.resolve("agent.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.consent.default=full", "ceip.events.catalog-file=config/events.yaml",
                "ceip.database.demo-data=false", "ceip.database.url=jdbc:h2:mem:l3-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.endpoint.url=https://127.0.0.1:9/v1/reports", ""));
        System.setProperty("ceip.config", config.toString());

        Result preview = run("preview");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(log.all()).contains("events-aggregate.json.gz is not a valid aggregate (it holds a count that"
                + " is not a whole number from 0 to 1000000000000000); not used, left as it is");
        assertThat(snapshot(file)).as("after preview").isEqualTo(before);

        Result export = run("export", work.resolve("report.json.gz").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(snapshot(file)).as("after export").isEqualTo(before);
    }
}
