package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every directory and file the agent creates in a full run — the H2 demo database, installation ID, pseudonym salt,
 * feature window, consent setting and audit, ledger, a kept dead letter and an export — is 0700 / 0600, and the
 * embedded collector's data (its key, certificate and database, under the data directory) is in a directory of its
 * own that is 0700, its key store and database 0600. The test process's umask is 022: without permissions given at
 * creation they would be 0755 / 0644. The reports go to the test's server, which answers 202, then 503 (a report
 * kept); the embedded collector runs beside the agent as in the default run.
 */
class DataDirectoryOwnerOnlyTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        Path data = dataDirectory();
        return with("ceip.collector.enabled", "true",
                "ceip.collector.port", Integer.toString(FreePort.next()),
                "ceip.collector.directory", data.resolve("collector").toString(),
                "ceip.database.url", "jdbc:h2:file:" + data.resolve("demo-product") + ";DB_CLOSE_DELAY=60",
                "ceip.database.demo-data", "true",
                "ceip.consent.default", "full");
    }

    @Test
    void everythingTheAgentCreatesInAFullRunIsItsUsersAlone() throws Exception {
        AgentManagement management = context.getRegistry().lookupByNameAndType("agentManagement",
                AgentManagement.class);
        assertThat(management.setConsent("full")).startsWith("Consent set to full");
        runReportCycle();
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        assertThat(management.exportReport("exports/report.json.gz")).startsWith("Report ");

        Map<String, String> permissions = permissionsUnder(dataDirectory());

        assertThat(permissions.keySet()).contains("", "installation-id", "pseudonym-salt", "features-window-end",
                "consent", "consent-audit.log", "ledger.log", "demo-product.mv.db", "dead-letter", "exports",
                "exports/report.json.gz", "exports/report.json.gz.json", "collector", "collector/tls",
                "collector/tls/collector.p12", "collector/tls/collector.pem", "collector/db",
                "collector/db/collector.mv.db");
        assertThat(permissions.keySet()).as("a kept report in the store")
                .anyMatch(path -> path.matches("dead-letter/[0-9a-f-]{36}\\.json\\.gz"))
                .anyMatch(path -> path.matches("dead-letter/[0-9a-f-]{36}\\.meta\\.json"));
        permissions.forEach((path, mode) -> {
            if (!path.startsWith("collector/")) {
                assertThat(mode).as("the agent's own %s", path)
                        .isEqualTo(Files.isDirectory(dataDirectory().resolve(path)) ? "rwx------" : "rw-------");
            }
        });
        assertThat(permissions).as("the collector's: its directories, key store and database")
                .containsEntry("collector/tls", "rwx------").containsEntry("collector/db", "rwx------")
                .containsEntry("collector/tls/collector.p12", "rw-------")
                .containsEntry("collector/db/collector.mv.db", "rw-------");
    }

    /** Every path under {@code root} (relative; the root itself is "") with its permissions; links are not followed. */
    private static Map<String, String> permissionsUnder(Path root) throws IOException {
        Map<String, String> permissions = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                return visitFile(directory, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                permissions.put(root.relativize(file).toString(),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                return FileVisitResult.CONTINUE;
            }
        });
        return permissions;
    }
}
