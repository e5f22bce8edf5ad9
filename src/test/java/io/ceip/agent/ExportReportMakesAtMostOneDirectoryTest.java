package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMX {@code exportReport} made every missing directory of its path under the data directory: one call with
 * {@code a/b/c/…/report.gz} left a tree of any depth there (thousands of levels, each one more entry the agent's start
 * looks through). Now the file goes in a directory that exists, or in one new directory made in one that exists
 * ({@code exports/report.json.gz}); a path needing more is refused in one line naming the path, the first directory it
 * would make and the rule, before anything is collected, and nothing is made. The other ways out stay shut at any
 * depth: {@code ..}, a symbolic link to outside, a file in the way.
 */
class ExportReportMakesAtMostOneDirectoryTest extends AgentTestSupport {

    private static final String RULE = ": exportReport makes at most one, in a directory that exists (exportReport"
            + " writes a new .gz file under the data directory only)";

    @Override
    public boolean useJmx() {
        return true;
    }

    private static String export(String path) throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(AgentManagement.OBJECT_NAME),
                "exportReport", new Object[] { path }, new String[] { String.class.getName() });
    }

    private long exports() {
        return DeliveryLedger.read(dataDirectory().resolve("ledger.log")).stream()
                .filter(entry -> entry.outcome().equals("EXPORTED")).count();
    }

    @Test
    void aDeepPathIsRefusedAndNothingIsMade() throws Exception {
        Path data = dataDirectory();

        assertThat(export("a/b/c/d/report.json.gz")).isEqualTo("Not exported: 'a/b/c/d/report.json.gz' would make 4"
                + " new directories from " + data.resolve("a") + RULE);
        assertThat(export("a/" + "x/".repeat(2000) + "report.gz")).startsWith("Not exported: ")
                .contains("would make 2001 new directories from " + data.resolve("a") + ":");

        assertThat(data.resolve("a")).doesNotExist();
        assertThat(exports()).as("nothing collected nor exported").isZero();
    }

    @Test
    void oneNewDirectoryInOneThatExistsIsMadeAndNoMore() throws Exception {
        Path data = dataDirectory();

        assertThat(export("exports/report.json.gz")).startsWith("Report ");
        assertThat(export("exports/2026-12/report.json.gz")).startsWith("Report ");
        assertThat(export("exports/report-2.json.gz")).startsWith("Report ");
        assertThat(export("exports/2027/01/report.json.gz")).isEqualTo("Not exported: 'exports/2027/01/report.json.gz'"
                + " would make 2 new directories from " + data.resolve("exports/2027") + RULE);

        assertThat(data.resolve("exports/2026-12/report.json.gz")).isRegularFile();
        assertThat(data.resolve("exports/2027")).doesNotExist();
        assertThat(exports()).isEqualTo(3);
    }

    @Test
    void dotDotALinkToOutsideAndAFileInTheWayAreRefusedAtAnyDepth() throws Exception {
        Path data = dataDirectory();
        Path outside = newTempDirectory();
        Files.createDirectories(data.resolve("exports"));
        Files.createSymbolicLink(data.resolve("out"), outside);
        Files.createSymbolicLink(data.resolve("exports/inner"), outside);
        Files.writeString(data.resolve("file"), "in the way");
        Files.writeString(data.resolve("exports/plain"), "in the way");

        assertThat(export("exports/a/../../../outside.gz")).endsWith("'exports/a/../../../outside.gz' holds '..'"
                + " (exportReport writes a new .gz file under the data directory only)");
        assertThat(export("out/report.gz")).isEqualTo("Not exported: 'out/report.gz' goes through the symbolic link "
                + data.resolve("out") + " (exportReport writes a new .gz file under the data directory only)");
        assertThat(export("out/a/b/c/report.gz")).as("the link, not the depth").contains("goes through the symbolic"
                + " link " + data.resolve("out"));
        assertThat(export("exports/inner/new/report.gz")).contains("goes through the symbolic link "
                + data.resolve("exports/inner"));
        assertThat(export("file/report.gz")).contains("goes through " + data.resolve("file") + ", which is not a"
                + " directory");
        assertThat(export("exports/plain/a/b/report.gz")).as("the file, not the depth").contains("goes through "
                + data.resolve("exports/plain") + ", which is not a directory");

        try (Stream<Path> made = Files.list(outside)) {
            assertThat(made).as("nothing made through the links").isEmpty();
        }
        assertThat(Files.readString(data.resolve("file"))).isEqualTo("in the way");
        assertThat(exports()).isZero();
    }
}
