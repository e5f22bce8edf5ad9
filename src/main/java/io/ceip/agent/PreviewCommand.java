package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.ReportPreview;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code preview}: prints the report that would be sent now, after consent and redaction (JSON, or with {@code --raw}
 * the exact gzip body). Nothing is sent and nothing is written: no file is created, and what is in the data directory
 * keeps its content, modification time and permissions ({@link OneShot#readingOnly}); notes go to stderr.
 */
@Command(name = "preview", mixinStandardHelpOptions = true, description = "Print the report that would be sent"
        + " now, after consent and redaction. Nothing is sent or written; logs go to stderr.")
final class PreviewCommand implements Callable<Integer> {

    @Option(names = "--raw", description = "Write the exact gzip body a delivery would send instead of JSON.")
    boolean raw;

    @Option(names = "--report-id", description = "Report ID to use (default: a new one).")
    UUID reportId;

    @Option(names = "--generated-at", description = "Report time to use, ISO-8601 (default: now).")
    Instant generatedAt;

    @Override
    public Integer call() throws Exception {
        OneShot.quietLogs();
        Map<String, String> overrides = OneShot.readingOnly();
        boolean demoInMemory = OneShot.demoInMemory(overrides);
        return AgentCommand.withAgent(overrides, true, main -> {
            ReportPreview preview = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("reportPreview", ReportPreview.class);
            PrintStream out = System.out;
            if (raw) {
                out.write(preview.raw((reportId == null ? UUID.randomUUID() : reportId).toString(),
                        generatedAt == null ? Instant.now() : generatedAt));
            } else {
                out.println(preview.preview(reportId == null ? null : reportId.toString(), generatedAt));
            }
            ReportPreview.notes(main.getCamelContext().getRegistry()
                    .lookupByNameAndType("agentManagement", AgentManagement.class).getInstallationId().isEmpty(),
                    demoInMemory).forEach(note -> System.err.println("ceip-agent: " + note));
            out.flush();
            return 0;
        });
    }
}
