package io.ceip.agent;

import io.ceip.agent.config.ConfigurationText;
import io.ceip.agent.events.EventsOwnership;
import io.ceip.agent.ops.SendCommand;
import io.ceip.agent.util.OneLine;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The command line: {@code run} (the default) starts the agent; {@code send} sends one report now and exits with
 * what happened ({@link SendCommand}); {@code preview} ({@link PreviewCommand}) prints the report that would be sent
 * now; {@code export FILE} ({@link ExportCommand}) writes it for manual upload; {@code status} ({@link StatusCommand})
 * shows what the agent knows from its configuration and data directory alone; {@code consent LEVEL}
 * ({@link ConsentCommand}) sets the consent; {@code requeue} ({@link RequeueCommand}) puts the reports the collector
 * rejected back to pending. Settings
 * come from the configuration file (default {@code config/application.properties};
 * another with {@code -Dceip.config=FILE} or {@code CEIP_CONFIG=FILE}), then the embedded defaults; a system property
 * ({@code -Dceip.consent.default=off}) overrides both, and the environment overrides all three
 * ({@code CEIP_CONSENT_DEFAULT} overrides {@code ceip.consent.default}); the one-shot commands' own settings
 * ({@link #ONE_SHOT}) override everything.
 */
@Command(name = "ceip-agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = "CEIP telemetry agent: collects an anonymous usage report, with consent, and delivers it.",
        subcommands = { AgentCommand.Run.class, PreviewCommand.class, ExportCommand.class,
                StatusCommand.class, ConsentCommand.class, RequeueCommand.class })
public final class AgentCommand implements Callable<Integer> {

    /**
     * Overrides for the one-shot commands: no schedule, no replay, no embedded collector, no remote JMX, no events, no
     * HTTP server of Camel's (its management server, its embedded server: the running agent holds their ports).
     */
    static final Map<String, String> ONE_SHOT = Map.of("ceip.schedule.enabled", "false",
            "ceip.collector.enabled", "false", "ceip.dead-letter.replay-enabled", "false",
            "ceip.jmx.remote.enabled", "false", "ceip.events.enabled", "false", "ceip.events.http.enabled", "false",
            "camel.management.enabled", "false", "camel.server.enabled", "false");

    /** The registry name that marks a one-shot command: its overrides win over the environment. */
    static final String ONE_SHOT_COMMAND = "ceipOneShotCommand";

    /** Overrides for {@code send}: as {@link #ONE_SHOT}, but the embedded collector runs when configured. */
    private static final Map<String, String> SEND = Map.of("ceip.schedule.enabled", "false",
            "ceip.dead-letter.replay-enabled", "false", "ceip.jmx.remote.enabled", "false",
            "ceip.events.http.enabled", "false", "camel.management.enabled", "false", "camel.server.enabled", "false");

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
                .addSubcommand(new SendCommand(task -> withAgent(SEND, null,
                        main -> task.run(main.getCamelContext()))))
                .setParameterExceptionHandler((error, args) -> {
            error.getCommandLine().getErr().println(shortened("ceip-agent: " + error.getMessage()) + " (see --help)");
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
                        : " (looked for in the working directory " + Path.of("").toAbsolutePath()
                                + "; run from the installation's or the repository's root, or with bin/ceip-agent)");
            }
        }
        return shortened("ceip-agent: " + (error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getMessage()));
    }

    /**
     * The line cut at {@value #MAX_LINE} characters (a refusal may quote a value from a file or the command line, of
     * any length), control and format characters escaped as backslash-u codes (no escape sequence reaches the terminal).
     */
    static String shortened(String text) {
        return OneLine.of(text, MAX_LINE);
    }

    static final int MAX_LINE = 1_000;

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent (the default).")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Main main = newMain(Map.of());
            try {
                main.run();
            } catch (Exception refused) {
                if (stoppedWhileWaiting(refused)) { // a stop by signal before the start: in order, exit code 0
                    LoggerFactory.getLogger(AgentCommand.class).info("Stopped while waiting for the product events");
                    return 0;
                }
                notStopping(main);
                throw refused;
            }
            return 0;
        }
    }

    @FunctionalInterface
    interface AgentTask {
        int run(Main main) throws Exception;
    }

    /**
     * Starts the agent for a one-shot command with {@code overrides} (logs to stderr, warnings only; a bad setting is
     * one line before Camel starts), runs {@code task}, stops it. With {@code readsOnly}, the command's name
     * ({@value Wiring#PREVIEW}, {@code export}), what is in the data directory is left as it is
     * ({@link Wiring#readsOnly}); null for a command that may write ({@code send}).
     */
    static int withAgent(Map<String, String> overrides, String readsOnly, AgentTask task) throws Exception {
        OneShot.quietLogs();
        Main main = newMain(overrides, AgentSettings.load(overrides).configuration()); // the text checked, read once
        main.bind(ONE_SHOT_COMMAND, Boolean.TRUE);
        if (readsOnly != null) {
            main.bind(Wiring.READS_ONLY, readsOnly);
        }
        try {
            main.start();
        } catch (Exception refused) {
            notStopping(main);
            throw refused;
        }
        try {
            return task.run(main);
        } finally {
            main.stop();
        }
    }

    private static boolean stoppedWhileWaiting(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof EventsOwnership.StoppedWhileWaiting) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a start that failed: camel-main's shutdown hook, run when the JVM exits with the command's code, is told
     * there is nothing to stop, so that it does not log "JVM shutdown hook triggered by SIGTERM" after the one line
     * that says why the start was refused (no signal came).
     */
    private static void notStopping(Main main) {
        main.getShutdownStrategy().shutdown();
    }

    /**
     * A camel-main runtime with the agent's configuration, routes and property locations
     * ({@link ConfigurationLocations}: the configuration file's text as checked, handed to Camel as a source of its
     * own, never by its path; then the embedded defaults, read as UTF-8, set before camel-main adds the locations and
     * loads them), and no placeholder function but {@code env:} and {@code sys:} ({@link EnvAndSysFunctionsOnly}).
     */
    static Main newMain(Map<String, String> overrides) {
        return newMain(overrides, ConfigurationLocations.configuration());
    }

    /** {@link #newMain(Map)} with the configuration file's text checked already. */
    static Main newMain(Map<String, String> overrides, Optional<ConfigurationText> configuration) {
        Main main = new Main() {
            @Override
            protected void configurePropertiesService(CamelContext context) throws Exception {
                EnvAndSysFunctionsOnly.install(context.getPropertiesComponent());
                context.getPropertiesComponent().setEncoding(ConfigurationLocations.ENCODING);
                ConfigurationLocations.install(context.getPropertiesComponent(), configuration);
                super.configurePropertiesService(context);
            }
        };
        main.configure().addConfiguration(CeipConfiguration.class);
        main.setPropertyPlaceholderLocations(ConfigurationLocations.DEFAULTS);
        overrides.forEach(main::addOverrideProperty);
        return main;
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
