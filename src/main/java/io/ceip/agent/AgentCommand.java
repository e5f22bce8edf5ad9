package io.ceip.agent;

import io.ceip.agent.report.ReportPreview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The command line: {@code run} (the default) starts the agent; {@code preview} prints the report that would be
 * sent now and exits. Settings come from the embedded defaults, then the configuration file (default
 * {@code config/application.properties}; another with {@code -Dceip.config=FILE} or {@code CEIP_CONFIG=FILE}),
 * then the environment ({@code CEIP_CONSENT_DEFAULT} overrides {@code ceip.consent.default}).
 */
@Command(name = "ceip-agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = "CEIP telemetry agent.",
        subcommands = { AgentCommand.Run.class, AgentCommand.Preview.class })
public final class AgentCommand implements Callable<Integer> {

    /** Embedded defaults: every ceip.* key has a value here. */
    static final String DEFAULTS = "classpath:ceip-defaults.properties";

    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    @Command(name = "run", description = "Run the agent (the default).")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            newMain(Map.of()).run();
            return 0;
        }
    }

    @Command(name = "preview", description = "Print the report that would be sent now (after consent and"
            + " redaction); nothing is sent.")
    static final class Preview implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.setProperty("ceip.log.target", "SYSTEM_ERR");
            Main main = newMain(Map.of("ceip.schedule.enabled", "false", "ceip.collector.enabled", "false",
                    "ceip.dead-letter.replay-enabled", "false"));
            main.start();
            try {
                System.out.println(main.getCamelContext().getRegistry()
                        .lookupByNameAndType("reportPreview", ReportPreview.class).preview());
                return 0;
            } finally {
                main.stop();
            }
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
        String configured = System.getProperty("ceip.config", System.getenv("CEIP_CONFIG"));
        if (configured != null && !configured.isBlank()) {
            if (!Files.isRegularFile(Path.of(configured))) {
                throw new IllegalArgumentException("configuration file " + configured + " (from ceip.config or"
                        + " CEIP_CONFIG) does not exist");
            }
            return "file:" + configured + "," + DEFAULTS;
        }
        return "file:config/application.properties;optional=true," + DEFAULTS;
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
