package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.SpoolBacklog;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.DestinationPreview;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.Pseudonyms;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code preview}: prints the report that would be sent now, after consent and redaction (JSON, or with {@code --raw}
 * the exact gzip body). Nothing is sent and nothing is written: no file is created, and what is in the data directory
 * keeps its content, modification time and permissions ({@link OneShot#readingOnly}); notes go to stderr, among them
 * that the report cycle would not send this report (not valid against the schema, too big), when so.
 */
@Command(name = "preview", mixinStandardHelpOptions = true, description = "Print the report that would be sent"
        + " now, after consent and redaction. Nothing is sent or written; logs go to stderr.")
final class PreviewCommand implements Callable<Integer> {

    @Option(names = "--raw", description = "Write the exact gzip body a delivery would send instead of JSON.")
    boolean raw;

    @Option(names = "--report-id", description = "Report ID to use (default: a new one).")
    UUID reportId;

    @Option(names = "--generated-at", converter = ReportTime.class, description = "Report time to use, ISO-8601,"
            + " from 1970 to 9999 (default: now).")
    Instant generatedAt;

    /**
     * A report's time: an ISO-8601 instant from {@link #EARLIEST} to {@link #LATEST}, the years a report's
     * {@code generatedAt} is written in (four digits); earlier, the feature window starting a day before it was
     * before the first instant, and the preview ended in Camel's error log and its stack trace.
     */
    static final class ReportTime implements CommandLine.ITypeConverter<Instant> {
        static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
        static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

        @Override
        public Instant convert(String value) {
            Instant time;
            try {
                time = Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("not an ISO-8601 time such as 2026-12-06T03:00:00Z");
            }
            if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
                throw new CommandLine.TypeConversionException("not between " + EARLIEST + " and " + LATEST);
            }
            return time;
        }
    }

    @Option(names = "--destination", description = "vendor (default) or customer: the report that destination"
            + " would be sent (the customer's copy stops at ceip.customer-endpoint.consent-ceiling).")
    String destination = "vendor";

    @Override
    public Integer call() throws Exception {
        OneShot.quietLogs();
        Map<String, String> overrides = OneShot.readingOnly();
        // whether the running agent reads the spool (the one-shot overrides switch it off for this process)
        boolean spoolRead = AgentSettings.load(Map.of()).settings().bool("ceip.events.enabled");
        String demoInMemory = OneShot.demoInMemory(overrides);
        return AgentCommand.withAgent(overrides, Wiring.PREVIEW, main -> {
            var registry = main.getCamelContext().getRegistry();
            DestinationPreview destinations = registry.lookupByNameAndType("destinationPreview",
                    DestinationPreview.class);
            PrintStream out = System.out;
            if (!destinations.isOn(destination)) {
                System.err.println("ceip-agent: " + destinations.notOn(destination));
                return 2;
            }
            Optional<String> undecided = registry.lookupByNameAndType("reportPreview", ReportPreview.class)
                    .undecided();
            if (undecided.isPresent()) { // a cycle would send nothing: no report is shown as if it would be sent
                System.err.println("ceip-agent: " + undecided.get());
                return 1;
            }
            List<String> notSent = new ArrayList<>(); // a report the cycle would not send is said so on stderr
            if (raw) { // the destination's own body: the customer's copy stops at its ceiling
                out.write(destinations.raw(destination, (reportId == null ? UUID.randomUUID() : reportId).toString(),
                        generatedAt == null ? Instant.now() : generatedAt, notSent::add));
            } else {
                out.println(destinations.preview(destination, reportId == null ? null : reportId.toString(),
                        generatedAt, notSent::add));
            }
            notSent.forEach(why -> System.err.println("ceip-agent: this report would not be sent: " + why
                    + "; a report cycle (and send, exit code 6) sends nothing, export writes nothing"));
            // consent off collects nothing and shows no ID: no word on the demo data's source or on the ID
            ConsentLevel level = registry.lookupByNameAndType("consentPolicy", ConsentPolicy.class).peek().level();
            boolean off = level == ConsentLevel.OFF;
            Path spool = registry.lookupByNameAndType("eventSpool", EventSpool.class).directory();
            Stream.of(ReportPreview.notes(!off && registry.lookupByNameAndType("agentManagement",
                    AgentManagement.class).getInstallationId().isEmpty(), !off && registry.lookupByNameAndType(
                            "pseudonyms", Pseudonyms.class).madeForNow(), off ? null : demoInMemory).stream(),
                    destinations.notes().stream(), // events wait in the spool: shown at full consent only
                    (level == ConsentLevel.FULL && spoolRead ? SpoolBacklog.note(spool) : Optional.<String>empty())
                            .stream())
                    .flatMap(notes -> notes).forEach(note -> System.err.println("ceip-agent: " + note));
            out.flush();
            return 0;
        });
    }
}
