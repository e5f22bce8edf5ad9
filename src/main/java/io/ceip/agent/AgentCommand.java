package io.ceip.agent;

import io.ceip.agent.ops.ReportExport;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.DestinationPreview;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.ops.SendCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line: {@code run} (the default) starts the agent; {@code send} sends one report now and exits with
 * what happened ({@link SendCommand}); {@code preview} prints the report that would be sent now; {@code export FILE}
 * writes it for manual upload; {@code status} ({@link StatusCommand}) shows what the agent knows from its
 * configuration and data directory alone; {@code consent LEVEL} ({@link ConsentCommand}) sets the consent. Settings
 * come from the configuration file (default {@code config/application.properties};
 * another with {@code -Dceip.config=FILE} or {@code CEIP_CONFIG=FILE}), then the embedded defaults; the environment
 * overrides both ({@code CEIP_CONSENT_DEFAULT} overrides {@code ceip.consent.default}).
 */
@Command(name = "ceip-agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = "CEIP telemetry agent: collects an anonymous usage report, with consent, and delivers it.",
        subcommands = { AgentCommand.Run.class, AgentCommand.Preview.class, AgentCommand.Export.class,
                StatusCommand.class, ConsentCommand.class })
public final class AgentCommand implements Callable<Integer> {

    /** Embedded defaults: every ceip.* key has a value here. */
    static final String DEFAULTS = "classpath:ceip-defaults.properties";

    /** Overrides for the one-shot commands: no schedule, no replay, no embedded collector, no remote JMX. */
    static final Map<String, String> ONE_SHOT = Map.of("ceip.schedule.enabled", "false",
            "ceip.collector.enabled", "false", "ceip.dead-letter.replay-enabled", "false",
            "ceip.jmx.remote.enabled", "false", "ceip.events.enabled", "false");

    /** Overrides for {@code send}: as {@link #ONE_SHOT}, but the embedded collector runs when configured. */
    private static final Map<String, String> SEND = Map.of("ceip.schedule.enabled", "false",
            "ceip.dead-letter.replay-enabled", "false", "ceip.jmx.remote.enabled", "false");

    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    /**
     * The command line, with a one-line answer to an unknown command or option (exit code 2) and to a setting that
     * stops the start, such as a missing configuration file (exit code 1).
     */
    static CommandLine commandLine() {
        return new CommandLine(new AgentCommand())
                .addSubcommand(new SendCommand(task -> withAgent(SEND, main -> task.run(main.getCamelContext()))))
                .setParameterExceptionHandler((error, args) -> {
            error.getCommandLine().getErr().println("ceip-agent: " + error.getMessage() + " (see --help)");
            return 2;
        }).setExecutionExceptionHandler((error, commandLine, parsed) -> {
            LoggerFactory.getLogger(AgentCommand.class).debug("The command failed", error);
            commandLine.getErr().println(failure(error));
            return 1;
        });
    }

    /**
     * Runs the command line and returns the exit code. The service's own start ({@code run}, or no argument) skips
     * picocli, whose annotation scanning costs about a quarter of a second of every start; it answers a failure
     * exactly as the parsed command would (one line on stderr, exit code 1).
     */
    static int execute(String... args) {
        if (args.length == 0 || (args.length == 1 && args[0].equals("run"))) {
            try {
                return new Run().call();
            } catch (Exception e) {
                LoggerFactory.getLogger(AgentCommand.class).debug("The start failed", e);
                System.err.println(failure(e));
                return 1;
            }
        }
        return commandLine().execute(args);
    }

    /**
     * The one line that answers a failed command: the error's message, or its class when it has none. A missing file
     * that reaches here only as a wrapped {@link NoSuchFileException} (the routes directory, say, when the agent is
     * started from another directory) is named with the working directory it was looked for in.
     */
    static String failure(Exception error) {
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof NoSuchFileException missing && cause.toString().equals(error.getMessage())) {
                Path file = Path.of(missing.getFile());
                return "ceip-agent: " + file + " does not exist" + (file.isAbsolute() ? ""
                        : " (looked for in the working directory " + Path.of("").toAbsolutePath() + ")");
            }
        }
        return "ceip-agent: " + (error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent (the default).")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            newMain(Map.of()).run();
            return 0;
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true, description = "Print the report that would be sent"
            + " now, after consent and redaction. Nothing is sent or written; logs go to stderr.")
    static final class Preview implements Callable<Integer> {
        @Option(names = "--raw", description = "Write the exact gzip body a delivery would send instead of JSON.")
        boolean raw;

        @Option(names = "--report-id", description = "Report ID to use (default: a new one).")
        UUID reportId;

        @Option(names = "--generated-at", description = "Report time to use, ISO-8601 (default: now).")
        Instant generatedAt;

        @Option(names = "--destination", description = "vendor (default) or customer: the report that destination"
                + " would be sent (the customer's copy stops at ceip.customer-endpoint.consent-ceiling).")
        String destination = "vendor";

        @Override
        public Integer call() throws Exception {
            OneShot.quietLogs();
            Map<String, String> overrides = new HashMap<>(ONE_SHOT);
            overrides.putAll(OneShot.previewOverrides(AgentSettings.load(ONE_SHOT).settings()));
            boolean demoInMemory = overrides.size() > ONE_SHOT.size();
            return withAgent(overrides, main -> {
                var registry = main.getCamelContext().getRegistry();
                ReportPreview preview = registry.lookupByNameAndType("reportPreview", ReportPreview.class);
                DestinationPreview destinations = registry.lookupByNameAndType("destinationPreview",
                        DestinationPreview.class);
                PrintStream out = System.out;
                if (raw) {
                    out.write(preview.raw((reportId == null ? UUID.randomUUID() : reportId).toString(),
                            generatedAt == null ? Instant.now() : generatedAt));
                } else {
                    out.println(destinations.preview(destination, reportId == null ? null : reportId.toString(),
                            generatedAt));
                }
                Stream.concat(ReportPreview.notes(registry.lookupByNameAndType("agentManagement", AgentManagement.class)
                        .getInstallationId().isEmpty(), demoInMemory).stream(), destinations.notes().stream())
                        .forEach(note -> System.err.println("ceip-agent: " + note));
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the next report as a gzip file"
            + " (and FILE.json with its ID and SHA-256) for manual upload. Nothing is sent.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Where to write the gzip report.")
        Path file;

        @Override
        public Integer call() throws Exception {
            return withAgent(ONE_SHOT, main -> {
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

    @FunctionalInterface
    private interface AgentTask {
        int run(Main main) throws Exception;
    }

    /**
     * Starts the agent for a one-shot command with {@code overrides} (logs to stderr, warnings only; a bad setting is
     * one line before Camel starts), runs {@code task}, stops it.
     */
    private static int withAgent(Map<String, String> overrides, AgentTask task) throws Exception {
        OneShot.quietLogs();
        AgentSettings.load(overrides);
        Main main = newMain(overrides);
        main.start();
        try {
            return task.run(main);
        } finally {
            main.stop();
        }
    }

    /** A camel-main runtime with the agent's configuration, routes and property locations. */
    static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(CeipConfiguration.class);
        main.setPropertyPlaceholderLocations(propertyLocations());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /**
     * The configuration file (optional only when it is the default location), then the embedded defaults: Camel's
     * properties component takes a key from the first location that has it.
     */
    static String propertyLocations() {
        Path configured = configFile();
        return configured.equals(DEFAULT_CONFIG) ? "file:" + DEFAULT_CONFIG + ";optional=true," + DEFAULTS
                : "file:" + configured + "," + DEFAULTS;
    }

    private static final Path DEFAULT_CONFIG = Path.of("config/application.properties");

    /** The configuration file: {@code -Dceip.config}, {@code CEIP_CONFIG}, or the default location. */
    static Path configFile() {
        String configured = System.getProperty("ceip.config", System.getenv("CEIP_CONFIG"));
        if (configured == null || configured.isBlank()) {
            return DEFAULT_CONFIG;
        }
        if (!Files.isRegularFile(Path.of(configured))) {
            throw new IllegalArgumentException("configuration file " + configured + " (from ceip.config or"
                    + " CEIP_CONFIG) does not exist");
        }
        return Path.of(configured);
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            java.util.Properties defaults = new java.util.Properties();
            try (var in = AgentCommand.class.getResourceAsStream("/ceip-defaults.properties")) {
                defaults.load(in);
            }
            return new String[] { "ceip-agent " + defaults.getProperty("ceip.agent.version") };
        }
    }
}
