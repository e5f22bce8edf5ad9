package io.ceip.agent;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.TestCertificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The demo's embedded collector set up with the vendor's own certificate ({@code collector.tls.certificate} and
 * {@code collector.tls.private-key}, as collector/README says), and the agent trusting it with
 * {@code ceip.endpoint.trust-store}: the agent stopped at start, after its 30 s of graceful shutdown, saying only
 * "…/collector/tls/collector.pem does not exist" (the self-signed certificate this collector never makes), whatever
 * trust store was set. Now the trust store set is used and the report is delivered.
 */
class DemoCollectorServingTheVendorsCertificateTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("ceip.config");
        System.clearProperty("collector.tls.certificate");
        System.clearProperty("collector.tls.private-key");
    }

    @Test
    void theReportIsDeliveredToTheCollectorServingTheVendorsCertificate() throws Exception {
        TestCertificates vendor = TestCertificates.localhost();
        Path certificate = vendor.writePem(dir.resolve("tls/collector-cert.pem"));
        System.setProperty("collector.tls.certificate", certificate.toString());
        System.setProperty("collector.tls.private-key", vendor.writeKeyPem(dir.resolve("tls/collector-key.pem"))
                .toString());
        int port = FreePort.next();
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.database.url=jdbc:h2:mem:vendor-cert-"
                        + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "ceip.database.demo-data=true", "ceip.collector.enabled=true",
                "ceip.collector.port=" + port, "ceip.endpoint.url=https://localhost:" + port + "/v1/reports",
                "ceip.endpoint.trust-store=" + certificate, "ceip.endpoint.token=ceip-demo-token-0123456789", ""));
        System.setProperty("ceip.config", config.toString());

        Result send = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run("send"));

        assertThat(send.err()).doesNotContain("does not exist");
        assertThat(send.out().lines().reduce((first, second) -> second)).get().asString()
                .matches("Report [0-9a-f-]{36} delivered");
        assertThat(send.code()).isZero();
        assertThat(dir.resolve("data/collector/tls/collector.pem")).as("no self-signed certificate made")
                .doesNotExist();
    }
}
