package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LookupRecorder;
import io.ceip.agent.support.RecordedJar;
import io.ceip.agent.support.ShippedFiles;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Remote JMX on a machine whose name resolves to another address than the one it listens on (simulated with
 * {@code -Djdk.net.hosts.file}: the machine's name is 10.1.2.3 there, as a LAN address or Debian's 127.0.1.1 would
 * be): the stub the registry hands out names {@code ceip.jmx.remote.host} (127.0.0.1), a client logs in, and the
 * agent, consent off, asks the resolver for no name at all, the machine's own included ({@link LookupRecorder} as the
 * packaged jar's security manager, from its first line).
 */
class RemoteJmxStubHostIT {

    @TempDir
    Path workDir;

    private Path lookups;
    private int jmxPort;
    private Process agent;

    @BeforeEach
    void copyShippedFilesAndWriteTheLoginFiles() throws IOException {
        ShippedFiles.copyTo(workDir);
        lookups = workDir.resolve("lookups.txt");
        jmxPort = FreePort.next();
        Files.writeString(workDir.resolve("jmx.password"), "operator 0perator-pass\n");
        Files.setPosixFilePermissions(workDir.resolve("jmx.password"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(workDir.resolve("jmx.access"), "operator readwrite\n");
        Files.writeString(workDir.resolve("hosts"), "10.1.2.3 " + InetAddress.getLocalHost().getHostName()
                + "\n127.0.0.1 localhost\n");
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStubNamesTheConfiguredHostAndTheStartAsksNoName() throws Exception {
        Path log = workDir.resolve("run.log");
        agent = start(log);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .failFast("the agent ended before remote JMX listened", () -> !agent.isAlive())
                // remote JMX listens from the configuration on; the agent's MBean is there once the agent started
                .untilAsserted(() -> assertThat(Files.readString(log)).contains("Remote JMX listening on", "Health: "));

        String stub = LocateRegistry.getRegistry("127.0.0.1", jmxPort).lookup("jmxrmi").toString();
        assertThat(stub).contains("[127.0.0.1:" + jmxPort).doesNotContain("10.1.2.3");
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi://127.0.0.1:"
                + jmxPort + "/jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"), Map.of(JMXConnector.CREDENTIALS,
                        new String[] { "operator", "0perator-pass" }))) {
            assertThat(connector.getMBeanServerConnection().getAttribute(new ObjectName(AgentManagement.OBJECT_NAME),
                    "ConsentLevel")).isEqualTo("off");
        }
        agent.destroy();
        assertThat(agent.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(lookups).as("lookups and connections recorded").doesNotExist();
    }

    private Process start(Path log) throws IOException {
        return RecordedJar.start(workDir, lookups, log, List.of("-Djdk.net.hosts.file=" + workDir.resolve("hosts")),
                Map.of("CEIP_CONSENT_DEFAULT", "off", "CEIP_COLLECTOR_ENABLED", "false",
                        "CEIP_ENDPOINT_URL", "https://telemetry.vendor.example/v1/reports",
                        "CEIP_JMX_REMOTE_ENABLED", "true", "CEIP_JMX_REMOTE_PORT", Integer.toString(jmxPort),
                        "CEIP_JMX_REMOTE_PASSWORD_FILE", workDir.resolve("jmx.password").toString(),
                        "CEIP_JMX_REMOTE_ACCESS_FILE", workDir.resolve("jmx.access").toString()), "run");
    }
}
