package io.ceip.agent.tls;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A trust or key store file larger than any store (a log or an image named by mistake) is refused in one line naming
 * the setting before it is read: it was read whole into the heap at start (out of memory at the launcher's -Xmx128m).
 */
class TlsContextsRefuseHugeStoresTest {

    @TempDir
    Path dir;

    @Test
    void aHugeTrustStoreIsOneLineNamingTheSetting() throws Exception {
        Path huge = sparse("huge.pem", 3L << 30);

        assertThatThrownBy(() -> TlsContexts.loadTrustStore(huge, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.trust-store " + huge + " is larger than 4194304 bytes: not a trust or key"
                        + " store");
    }

    @Test
    void aHugeKeyStoreIsOneLineNamingTheSetting() throws Exception {
        Path huge = sparse("huge.p12", TlsContexts.MAX_STORE_BYTES + 1);

        assertThatThrownBy(() -> TlsContexts.client(Optional.empty(), Optional.empty(), Optional.of(huge),
                Optional.of("secret-pw"), java.util.Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.key-store " + huge + " is larger than 4194304 bytes: not a trust or key store")
                .hasMessageNotContaining("secret-pw");
    }

    private Path sparse(String name, long length) throws Exception {
        Path file = dir.resolve(name);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(length);
        }
        return file;
    }
}
