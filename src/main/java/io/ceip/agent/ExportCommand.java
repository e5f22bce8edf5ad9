package io.ceip.agent;

import io.ceip.agent.files.DataDirectoryChoice;
import io.ceip.agent.ops.ReportExport;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code export FILE}: writes the next report to the new file FILE (gzip) and FILE.json (ID, size, SHA-256) for
 * manual upload, and records it in the ledger; nothing is sent. Besides the ledger, what is in the data directory is
 * left as it is ({@link OneShot#readingOnly}), but for what keeps the exported report as made (the installation ID,
 * the last report's time, the windows, the consent audit). So, as {@code send}, it is refused in a data directory
 * whose agent runs as another user ({@link DataDirectoryChoice#requireWriter}): run as root beside an agent running
 * as {@code ceip}, those files became root's (0600), which that agent cannot read. Exit code 0, or
 * 1 with one line (consent off, FILE exists, another user's data directory).
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write the next report as a gzip file"
        + " (and FILE.json with its ID and SHA-256) for manual upload. Nothing is sent.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Where to write the gzip report.")
    Path file;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = OneShot.readingOnly();
        // another user's agent keeps its state there: what the export keeps as made would be this user's, unread
        DataDirectoryChoice.requireWriter(AgentSettings.load(overrides).settings().path("ceip.data.directory"),
                "ceip.data.directory");
        return AgentCommand.withAgent(overrides, "export", main -> {
            try {
                System.out.println(main.getCamelContext().getRegistry()
                        .lookupByNameAndType("reportExport", ReportExport.class).export(file));
                return 0;
            } catch (IllegalStateException e) {
                System.err.println("ceip-agent: " + e.getMessage());
                return 1;
            }
        });
    }
}
