package io.ceip.agent.demo;

import io.ceip.agent.EmbeddedDemo.RunningCollector;
import io.ceip.agent.config.Settings;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.collector.Collector;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's collector: the collector's single-node form ({@link Collector}, the repository's {@code collector/}
 * project: HTTPS intake with product tokens, size limits and schema validation, an embedded H2 store, the fleet view)
 * run in the agent's JVM, as {@code java -jar target/ceip-collector.jar} runs it in {@code collector/}, with these
 * differences only: it listens on {@code ceip.collector.host}:{@code ceip.collector.port}, keeps its data (its
 * certificate in {@code tls/}, its database in {@code db/}) under {@code ceip.collector.directory}, and has no JMX.
 * Its routes, settings and products (their tokens: the demo's matches the agent's {@code ceip.endpoint.token}) are
 * those of {@value #FOLDER}/ in the working directory.
 */
final class DemoCollector {

    /** The collector's project folder, in the working directory (the repository's root). */
    static final String FOLDER = "collector";

    private DemoCollector() {
    }

    /** Starts the node; stops the start with one line when the collector's folder is not in the working directory. */
    static RunningCollector start(Settings settings) throws Exception {
        Path folder = Path.of(FOLDER).toAbsolutePath();
        if (!Files.isDirectory(folder.resolve("routes"))
                || !Files.isRegularFile(folder.resolve("config/tokens.properties"))) {
            throw new IllegalArgumentException("ceip.collector.enabled=true runs the collector of the repository's "
                    + FOLDER + "/ folder, which is not in the working directory " + Path.of("").toAbsolutePath()
                    + ": start the agent from the repository's root, or set ceip.collector.enabled=false");
        }
        Path data = settings.path("ceip.collector.directory").toAbsolutePath();
        Collector collector;
        try {
            collector = Collector.create(settings(settings, folder, data));
        } catch (Exception e) {
            throw inAgentTerms(e, settings);
        }
        Path certificate = data.resolve("tls/collector.pem");
        try {
            collector.start();
            if (!Files.exists(certificate, LinkOption.NOFOLLOW_LINKS)) { // it serves collector.tls.certificate
                return new RunningCollector(Optional.empty(), collector);
            }
            // the collector leaves its public certificate 0644 for agents of other users; here only this agent reads
            // it, and every file of the agent's data directory is 0600 (else its next start would warn and tighten it)
            OwnerOnlyFiles.restrict(certificate);
        } catch (Exception e) { // never left running: the agent's stop would wait for it
            collector.close();
            throw e;
        }
        return new RunningCollector(Optional.of(certificate), collector);
    }

    /**
     * The collector's refusal of its address named by the agent's settings ({@code collector.port} is the
     * collector's own key: the agent's are {@code ceip.collector.host} and {@code ceip.collector.port}), with what to
     * change and the switch that turns it off (a vendor's own collector on the demo's port is the usual holder); any
     * other refusal as it is, said to be the embedded collector's (a vendor who left it on while setting up its own
     * collector would otherwise mend a token or a file of the wrong collector).
     */
    static IllegalArgumentException inAgentTerms(Exception refused, Settings settings) {
        if (refused.getMessage() == null || !refused.getMessage().startsWith("collector.port: cannot listen on ")) {
            return new IllegalArgumentException("ceip.collector.enabled=true: the demo's collector (the repository's "
                    + FOLDER + "/, run in the agent's JVM) does not start: " + (refused instanceof
                    IllegalArgumentException ? "" : refused.getClass().getSimpleName() + ": ") + refused.getMessage()
                    + "; to deliver to a collector of your own, set ceip.collector.enabled=false", refused);
        }
        return new IllegalArgumentException("ceip.collector.port: the demo's collector cannot listen on "
                + settings.string("ceip.collector.host") + ":" + settings.number("ceip.collector.port")
                + " (another process listens there, or ceip.collector.host is not an address of this machine): stop"
                + " that process, or set another ceip.collector.port (CEIP_COLLECTOR_PORT) and the same port in"
                + " ceip.endpoint.url (CEIP_ENDPOINT_URL); to deliver to a collector of your own, set"
                + " ceip.collector.enabled=false");
    }

    /** The collector's settings: its own file and defaults, with the demo's address, data and folder on top. */
    static Map<String, String> settings(Settings settings, Path folder, Path data) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("collector.config", folder.resolve("config/application.properties").toString());
        overrides.put("collector.mode", "single");
        overrides.put("collector.store.enabled", "true");
        overrides.put("collector.host", settings.string("ceip.collector.host"));
        overrides.put("collector.port", Long.toString(settings.number("ceip.collector.port")));
        overrides.put("collector.data-dir", data.toString());
        overrides.put("collector.store.jdbc-url",
                "jdbc:h2:file:" + data.resolve("db/collector") + ";DB_CLOSE_ON_EXIT=FALSE");
        overrides.put("collector.tokens-file", folder.resolve("config/tokens.properties").toString());
        overrides.put("camel.main.routes-include-pattern", "file:" + folder.resolve("routes") + "/*.camel.yaml");
        // the agent's JMX shows the agent alone (and JMX naming would look up this machine's name); the agent's log
        // shows the collector's start and what it stores, not every setting
        overrides.put("camel.main.jmx-enabled", "false");
        overrides.put("camel.main.auto-configuration-log-summary", "false");
        return overrides;
    }
}
