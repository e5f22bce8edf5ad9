package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.FreePort;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the HTTP intake on in the configuration, the one-shot commands ({@code preview}, {@code export},
 * {@code send}) never open it: they run while the resident agent holds the port (here a socket bound to it), and
 * no token file is made.
 */
class OneShotCommandsLeaveTheHttpIntakeClosedTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
        System.clearProperty("ceip.events.http.enabled");
    }

    @Test
    void previewExportAndSendRunBesideTheResidentAgentsIntake() throws Exception {
        int port = FreePort.next();
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.events.http.enabled=true",
                "ceip.events.http.port=" + port, "ceip.consent.default=full",
                "ceip.database.url=jdbc:h2:mem:one-shot-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                "ceip.endpoint.url=https://127.0.0.1:" + FreePort.next() + "/v1/reports", "ceip.retry.max-redeliveries=0",
                "ceip.schedule.initial-delay=3600000", ""));
        System.setProperty("ceip.config", config.toString());
        try (ServerSocket resident = new ServerSocket()) {
            resident.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Result preview = run("preview");
            assertThat(preview.code()).as(preview.err()).isZero();
            Result export = run("export", dir.resolve("export.json").toString());
            assertThat(export.code()).as(export.err()).isZero();
            Result send = run("send");
            assertThat(send.err()).doesNotContain("Address already in use").doesNotContain(Integer.toString(port));
        }
        assertThat(dir.resolve("data/events-token")).doesNotExist();
    }

    /**
     * The launcher passes {@code CEIP_JAVA_OPTS} to every command: the service's
     * {@code -Dceip.events.http.enabled=true} there made {@code preview} open the intake (and stop on the resident
     * agent's port) and write its token. The one-shot overrides win over a system property as over the environment.
     */
    @Test
    void previewRunsBesideTheResidentAgentsIntakeWithTheServicesJvmOptions() throws Exception {
        int port = FreePort.next();
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.events.http.port=" + port,
                "ceip.database.url=jdbc:h2:mem:one-shot-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                "ceip.endpoint.url=https://127.0.0.1:" + FreePort.next() + "/v1/reports", ""));
        System.setProperty("ceip.config", config.toString());
        System.setProperty("ceip.events.http.enabled", "true"); // -Dceip.events.http.enabled=true in CEIP_JAVA_OPTS
        try (ServerSocket resident = new ServerSocket()) {
            resident.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));

            Result preview = run("preview");

            assertThat(preview.code()).as(preview.err()).isZero();
        }
        assertThat(dir.resolve("data")).as("preview writes nothing").doesNotExist();
    }
}
