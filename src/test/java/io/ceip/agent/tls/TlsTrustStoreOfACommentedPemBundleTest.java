package io.ceip.agent.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PEM bundle whose certificates follow a comment header longer than 64 bytes (curl's and certifi's
 * {@code cacert.pem}, {@code openssl x509 -text} output) is PEM: only its first 64 bytes were looked at for
 * {@code -----BEGIN}, so it was read as PKCS12 and the start stopped saying the trust store was neither.
 */
class TlsTrustStoreOfACommentedPemBundleTest extends TlsScenarioSupport {

    @Override
    protected Properties overrides() {
        Path pem = CA.writePem(newTempDirectory().resolve("ca.pem"));
        Path bundle = pem.resolveSibling("cacert.pem");
        try {
            Files.writeString(bundle, "##\n## Bundle of CA Root Certificates\n##\n## Certificate data as of:"
                    + " Sun Dec  6 10:00:00 2026 GMT\n##\n\nceip test CA\n============\n" + Files.readString(pem),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.endpoint.trust-store", bundle.toString());
    }

    @Test
    void aServerOfTheBundlesCaIsTrusted() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(deadLetters().entries()).isEmpty();
    }
}
