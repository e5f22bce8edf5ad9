package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.ReportExport;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An export creates new files only, never over anything that exists; over JMX it writes only under the data
 * directory, never through a link. Each refusal is one line, and nothing is written or changed.
 */
class ExportCreatesNewFilesOnlyTest extends AgentTestSupport {

    private static final String KEEP = "an existing file: never overwritten";

    @Override
    public boolean useJmx() {
        return true;
    }

    @Test
    void theJmxExportWritesANewGzFileUnderTheDataDirectoryAndRefusesEverythingElse() throws Exception {
        Path data = dataDirectory();
        Path outside = newTempDirectory();
        Path existing = Files.writeString(data.resolve("existing.json.gz"), KEEP);
        Path existingSidecar = Files.writeString(data.resolve("sidecar.json.gz.json"), KEEP);
        Files.createDirectory(data.resolve("directory.gz"));
        Path marker = Files.writeString(outside.resolve("marker.gz"), KEEP);
        Files.createSymbolicLink(data.resolve("link.gz"), marker);
        Files.createSymbolicLink(data.resolve("dangling.gz"), outside.resolve("created-through-a-link.gz"));
        Files.createSymbolicLink(data.resolve("linked"), outside);
        Files.writeString(data.resolve("file"), KEEP);

        String exported = export("exports/report.json.gz");

        Path report = data.resolve("exports/report.json.gz");
        assertThat(exported).startsWith("Report ").contains("exported to " + report);
        assertThat(permissions(report)).isEqualTo("rw-------");
        assertThat(permissions(data.resolve("exports/report.json.gz.json"))).isEqualTo("rw-------");
        assertThat(permissions(data.resolve("exports"))).isEqualTo("rwx------");
        byte[] first = Files.readAllBytes(report);

        assertRefused(export("exports/report.json.gz"), report + " already exists: an export writes a new file"
                + " only, never over an existing one");
        assertRefused(export(existing.toString()), existing + " already exists");
        assertRefused(export("sidecar.json.gz"), data.resolve("sidecar.json.gz.json") + " already exists");
        assertRefused(export("directory.gz"), data.resolve("directory.gz") + " already exists");
        assertRefused(export("link.gz"), "'link.gz' goes through the symbolic link " + data.resolve("link.gz"));
        assertRefused(export("dangling.gz"), "'dangling.gz' goes through the symbolic link");
        assertRefused(export("linked/report.gz"), "'linked/report.gz' goes through the symbolic link "
                + data.resolve("linked"));
        assertRefused(export("file/report.gz"), "goes through " + data.resolve("file") + ", which is not a"
                + " directory");
        assertRefused(export(outside.resolve("report.gz").toString()), "is outside the data directory " + data);
        assertRefused(export("../report.gz"), "'../report.gz' holds '..'");
        assertRefused(export("exports/../../report.gz"), "holds '..'");
        assertRefused(export("dead-letter/0f8fad5b-d9cb-469f-a165-70867728950e.json.gz"),
                "is inside a dead-letter store");
        assertRefused(export("sent/20991231T235959999Z-0f8fad5b-d9cb-469f-a165-70867728950e.json.gz"),
                "is inside the copies of the reports sent"); // it would be counted as the newest report sent
        assertRefused(export("events/report.gz"), "is inside the events spool");
        assertRefused(export("collector/report.gz"), "is inside the embedded collector's directory");
        assertRefused(export("destinations/customer/report.gz"), "is inside the customer destination's directory");
        assertRefused(export("installation-id"), "'installation-id' does not end in .gz");
        assertRefused(export("evil\nname.gz"), "'evil\\nname.gz' holds control characters");

        assertThat(Files.readAllBytes(report)).as("not overwritten").isEqualTo(first);
        for (Path kept : List.of(existing, existingSidecar, marker, data.resolve("file"))) {
            assertThat(Files.readString(kept)).as(kept.toString()).isEqualTo(KEEP);
        }
        assertThat(data.resolve("sidecar.json.gz")).as("nothing half-written").doesNotExist();
        assertThat(data.resolve("directory.gz")).isEmptyDirectory();
        assertThat(Files.readString(data.resolve("installation-id"))).as("the agent's own, not an export")
                .matches("[0-9a-f-]{36}\n");
        assertThat(data.resolve("dead-letter")).doesNotExist();
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("marker.gz");
        }
        assertThat(DeliveryLedger.read(data.resolve("ledger.log"))).as("one export recorded")
                .extracting(DeliveryLedger.Entry::outcome).containsExactly("EXPORTED");
    }

    /** What the {@code export} command calls: a new file anywhere, never over an existing one. */
    @Test
    void theCommandsExportRefusesAnExistingFileBeforeCollectingAnything() throws Exception {
        ReportExport export = context.getRegistry().lookupByNameAndType("reportExport", ReportExport.class);
        Path elsewhere = newTempDirectory();
        Path existing = Files.writeString(elsewhere.resolve("report.json.gz"), KEEP);

        assertThatThrownBy(() -> export.export(existing)).isInstanceOf(IllegalStateException.class)
                .hasMessage(existing + " already exists: an export writes a new file only, never over an existing"
                        + " one");
        assertThat(export.export(elsewhere.resolve("new/report.json.gz"))).startsWith("Report ");

        assertThat(Files.readString(existing)).isEqualTo(KEEP);
        assertThat(permissions(elsewhere.resolve("new/report.json.gz"))).isEqualTo("rw-------");
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log"))).hasSize(1);
    }

    private static String export(String path) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        return (String) jmx.invoke(new ObjectName(AgentManagement.OBJECT_NAME), "exportReport",
                new Object[] { path }, new String[] { String.class.getName() });
    }

    private static void assertRefused(String answer, String reason) {
        assertThat(answer).startsWith("Not exported: ").contains(reason).doesNotContain("\n");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
