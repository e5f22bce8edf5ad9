package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake's TLS runs on OpenSSL (netty-tcnative's BoringSSL, whose native library the collector bundles for this
 * platform) and the start line says so; it speaks what the JDK's engine spoke before: TLS 1.3, and TLS 1.2 with
 * forward secrecy (ECDHE) and an AEAD cipher to a client that offers only 1.2; a TLS 1.2 client offering only CBC
 * suites (which both engines' defaults took) is refused. Behind every other intake test too, which all run over it.
 */
class IntakeTlsRunsOnOpenSslTest {

    @Test
    void theNodeServesTls13And12OnOpenSslAndSaysSo(@TempDir Path dir) throws Exception {
        try (LogLines log = LogLines.capture(); TestCollector node = TestCollector.start(dir, Map.of())) {
            assertThat(log.lines()).anyMatch(line -> line.startsWith("INFO ") && line.contains("Listening on https://")
                    && line.endsWith("fleet view: /fleet; TLS: OpenSSL)"));

            try (SSLSocket socket = node.connect()) {
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
            try (SSLSocket socket = node.connect("TLSv1.2")) {
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
                assertThat(socket.getSession().getCipherSuite()).startsWith("TLS_ECDHE_")
                        .containsAnyOf("_GCM_", "_CHACHA20_");
            }
            for (String weak : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")) {
                assertThatExceptionOfType(SSLHandshakeException.class).as(weak)
                        .isThrownBy(() -> node.connect(new String[] {"TLSv1.2"}, new String[] {weak}).close());
            }
            assertThat(node.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
        }
    }
}
