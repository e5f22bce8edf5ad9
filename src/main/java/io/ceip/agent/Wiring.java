package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.config.Settings;
import io.ceip.agent.util.OnFirstUse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every stage's configuration uses: the Camel context, the checked settings, the clock, and Jackson's mapper
 * (made with the first report: a start does not load it). The start's lines are logged as {@link CeipConfiguration}.
 */
record Wiring(CamelContext context, Settings settings, Clock clock, OnFirstUse<ObjectMapper> mapper) {

    static final Logger LOG = LoggerFactory.getLogger(CeipConfiguration.class);

    /** Binds {@code bean} in the registry under the name the routes use. */
    void bind(String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    /** Sets a property the routes read ({@code {{key}}}), overriding the configured value. */
    void override(String key, String value) {
        context.getPropertiesComponent().addOverrideProperty(key, value);
    }

    /**
     * Whether the command leaves what is in the data directory as it is ({@code preview}, {@code export}: bound as
     * {@link #READS_ONLY} by {@link AgentCommand}): no permission tightened, the embedded database opened read-only.
     */
    boolean readsOnly() {
        return context.getRegistry().lookupByName(READS_ONLY) != null;
    }

    /** Whether the command is {@code preview} (bound as {@link #READS_ONLY} with the value {@value #PREVIEW}). */
    boolean previews() {
        return PREVIEW.equals(context.getRegistry().lookupByName(READS_ONLY));
    }

    /** {@link #READS_ONLY}'s value for {@code preview}. */
    static final String PREVIEW = "preview";

    /** Whether this is a one-shot command ({@code send}, {@code preview}, {@code export}…), not the running agent. */
    boolean oneShot() {
        return context.getRegistry().lookupByName(AgentCommand.ONE_SHOT_COMMAND) != null;
    }

    /** The registry name whose presence marks a command that leaves the data directory as it is. */
    static final String READS_ONLY = "ceipReadsOnly";

    /** {@code ceip.data.directory}: where the agent keeps its files. */
    Path dataDirectory() {
        return settings.path("ceip.data.directory");
    }

    /** Closes {@code resource} when the Camel context stops. */
    void closeOnStop(AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        });
    }

    /**
     * Stops the start in one line naming {@code key} when another process listens on {@code host:port}, before the
     * server {@code what} would fail to bind there mid-start (a port taken between this check and that server's
     * start is that server's own failure).
     */
    static void requireFreePort(String key, String host, int port, String what) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " " + port + ": " + host + ":" + port + " is in use (another"
                    + " process listens there); " + what + " cannot open it");
        }
    }
}
