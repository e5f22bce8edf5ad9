package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;
import io.ceip.agent.support.FreePort;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing the agent starts listens beyond loopback: with Camel's embedded server switched on and
 * {@code camel.server.host} set to every address, a name or another address, the agent does not start, says so in
 * one line naming the setting, and nothing listens on the port. A port another process listens on (it would receive
 * the product's token) stops the start of the events' HTTP intake too, before any token is made, and so does Camel's
 * embedded or management server set on the intake's port.
 */
class EventsHttpIntakeRefusedAtStartTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "0.0.0.0, true", "::, true", "localhost, true", "192.0.2.1, true", "[::], true", "0.0.0.0, TRUE" })
    void theEmbeddedServerSwitchedOnElsewhereStopsTheStart(String host, String on) throws Exception {
        int port = FreePort.next();
        assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.events.http.enabled", "true",
                        "camel.server.enabled", on, "camel.server.port", Integer.toString(port),
                        "camel.server.host", host)),
                "camel.server.host '" + host + "' is not a loopback address: Camel's embedded server"
                        + " (camel.server.enabled) listens on 127.0.0.1 or ::1 only");
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress(port));
            assertThat(free.isBound()).as("nothing listened on the port").isTrue();
        }
    }

    /** Written as Camel reads them too: {@code TRUE} is on, {@code 0<port>} is the port. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({ "camel.server, true, ''", "camel.management, true, ''", "camel.server, TRUE, 0",
        "camel.management, True, 00" })
    void camelsOwnServerOnTheIntakesPortStopsTheStart(String server, String on, String zeros) throws Exception {
        int port = FreePort.next();
        assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.events.http.enabled", "true",
                        "ceip.events.http.port", Integer.toString(port), server + ".enabled", on,
                        server + ".port", zeros + port, server + ".host", "127.0.0.1")),
                server + ".port " + port + " is also ceip.events.http.port: the events' HTTP intake listens there on"
                        + " a server of its own (give either another port)");
        assertThat(dir.resolve("events-token")).as("refused before a token is made").doesNotExist();
    }

    @Test
    void aPortAnotherProcessListensOnStopsTheStart() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = squatter.getLocalPort();
            assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.events.http.enabled", "true",
                            "ceip.events.http.port", Integer.toString(port))),
                    "ceip.events.http.port " + port + ": 127.0.0.1:" + port + " is in use (another process listens"
                            + " there); the events' HTTP intake cannot open it");
        }
        assertThat(dir.resolve("events-token")).as("no token made for a squatter").doesNotExist();
    }
}
