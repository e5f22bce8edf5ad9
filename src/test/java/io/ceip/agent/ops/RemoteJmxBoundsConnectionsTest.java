package io.ceip.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Remote JMX holds at most {@value RemoteJmxServer#MAX_CONNECTIONS} connections, before any login: RMI gives each
 * connection a thread and keeps one that sends nothing for two hours, so connections opened in a loop made as many
 * threads (2,000: 2,000 threads, RSS +125 MiB). Past the bound a connection is closed as it opens (one warning), and
 * once the holder lets go, an administrator logs in again.
 */
class RemoteJmxBoundsConnectionsTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        return remoteJmx(jmxPort, "operator 0perator-pass\n", "operator readwrite\n");
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void connectionsPastTheBoundAreClosedAndHoldNoThread() throws Exception {
        long before = rmiConnectionThreads();
        List<Socket> held = new ArrayList<>();
        int closedAtOnce = 0;
        try {
            for (int i = 0; i < RemoteJmxServer.MAX_CONNECTIONS + 20; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), jmxPort));
            }
            for (Socket socket : held.subList(RemoteJmxServer.MAX_CONNECTIONS, held.size())) {
                socket.setSoTimeout(10_000);
                closedAtOnce += socket.getInputStream().read() == -1 ? 1 : 0;
            }
            assertThat(closedAtOnce).as("connections past the bound, closed as they opened").isEqualTo(20);
            assertThat(rmiConnectionThreads() - before).as("RMI connection threads").isLessThanOrEqualTo(
                    RemoteJmxServer.MAX_CONNECTIONS);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(log.all()).contains("Remote JMX: 1 connection(s) closed as they opened since start: "
                + RemoteJmxServer.MAX_CONNECTIONS + " open already");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (JMXConnector connector = connectJmx(jmxPort, "operator", "0perator-pass")) {
                assertThat(connector.getMBeanServerConnection().getAttribute(
                        new ObjectName(AgentManagement.OBJECT_NAME), "ConsentLevel")).isEqualTo("basic");
            }
        });
    }

    private static long rmiConnectionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("RMI TCP Connection")).count();
    }
}
