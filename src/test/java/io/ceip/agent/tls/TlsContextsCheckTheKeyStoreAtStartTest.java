package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client key store (mutual TLS) is opened when the agent starts, although the TLS context is made by the first
 * send: a wrong password or a file that is not a key store stops the start, naming the settings and not the password.
 */
class TlsContextsCheckTheKeyStoreAtStartTest {

    @TempDir
    Path dir;

    private final TestCertificates client = TestCertificates.ca("test-ca").issueClient("ceip-agent");

    @Test
    void theRightPasswordGivesAClientThatPresentsTheKey() {
        Path store = client.writePkcs12(dir.resolve("client.p12"), "client-pass");

        assertThat(TlsContexts.client(Optional.empty(), Optional.empty(), Optional.of(store),
                Optional.of("client-pass"), Set.of()).getKeyManagers()).isNotNull();
    }

    @Test
    void aWrongPasswordStopsTheStartWithoutShowingIt() {
        Path store = client.writePkcs12(dir.resolve("client.p12"), "client-pass");

        assertThatThrownBy(() -> TlsContexts.client(Optional.empty(), Optional.empty(), Optional.of(store),
                Optional.of("wrong-pass"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ceip.endpoint.key-store " + store + " cannot be opened as PKCS12 with"
                        + " ceip.endpoint.key-store-password")
                .hasMessageNotContaining("wrong-pass").hasMessageNotContaining("client-pass");
    }

    @Test
    void aFileThatIsNotAKeyStoreStopsTheStart() throws Exception {
        Path notAStore = Files.writeString(dir.resolve("client.p12"), "-----BEGIN CERTIFICATE-----\n");

        assertThatThrownBy(() -> TlsContexts.client(Optional.empty(), Optional.empty(), Optional.of(notAStore),
                Optional.of("client-pass"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be opened as PKCS12");
    }
}
