package io.ceip.agent.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A trust or key store setting naming a directory (an OpenSSL CA path such as /etc/ssl/certs) is one line saying it is
 * a directory, not a store file: it said the directory "does not exist". So is one naming a device, a fifo or a socket
 * (here through a link to /dev/null, as a link to a store file is followed): it too "did not exist".
 */
class TlsContextsStoreThatIsADirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aTrustStoreThatIsADirectoryIsSaidSo() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));

        assertThatThrownBy(() -> TlsContexts.loadTrustStore(certs, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.trust-store " + certs + " is a directory, not a store file (PEM"
                        + " certificates or PKCS12)");
    }

    @Test
    void aKeyStoreThatIsADirectoryIsSaidSo() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));

        assertThatThrownBy(() -> TlsContexts.client(Optional.empty(), Optional.empty(), Optional.of(keys),
                Optional.of("secret-pw"), Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.key-store " + keys + " is a directory, not a store file (PKCS12)");
    }

    @Test
    void aJmxKeyStoreThatIsADirectoryIsSaidSo() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("jmx"));

        assertThatThrownBy(() -> ServerKeyStore.open("ceip.jmx.remote.key-store", "ceip.jmx.remote.key-store-password",
                keys, "secret-pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.jmx.remote.key-store " + keys + " is a directory, not a store file (PKCS12)");
    }

    @Test
    void aStoreThatIsADeviceIsSaidSoForEachSetting() throws Exception {
        Path device = Files.createSymbolicLink(dir.resolve("store"), Path.of("/dev/null"));
        String notAFile = " is not a regular file (a device, a fifo or a socket), not a store file";

        assertThatThrownBy(() -> TlsContexts.loadTrustStore(device, Optional.empty()))
                .hasMessage("ceip.endpoint.trust-store " + device + notAFile + " (PEM certificates or PKCS12)");
        assertThatThrownBy(() -> TlsContexts.client(Optional.empty(), Optional.empty(), Optional.of(device),
                Optional.of("secret-pw"), Set.of()))
                .hasMessage("ceip.endpoint.key-store " + device + notAFile + " (PKCS12)");
        assertThatThrownBy(() -> ServerKeyStore.open("ceip.jmx.remote.key-store", "ceip.jmx.remote.key-store-password",
                device, "secret-pw")).hasMessage("ceip.jmx.remote.key-store " + device + notAFile + " (PKCS12)");
    }
}
