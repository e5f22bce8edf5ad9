package io.ceip.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * The client key store (mutual TLS), opened whole at start from the bytes read once: its integrity with the store's
 * password, then each key recovered with that password (as the TLS context would at the first send) and its
 * certificate valid now; at most {@value #MAX_KEYS} keys and {@value #MAX_SECONDS} s for it all (a store's own PBE
 * iteration counts can make one take minutes). The TLS context is made from the keys so recovered, put in a store of
 * the JDK's own iteration count: the first send neither reads the file again nor decrypts it at the file's cost.
 * Every problem is one {@link IllegalArgumentException} naming {@code setting} and the file, never the password.
 */
public final class ClientKeyStore {

    static final int MAX_KEYS = 4;
    static final int MAX_SECONDS = StoreOpening.MAX_SECONDS;

    private ClientKeyStore() {
    }

    /** The keys of {@code file}, recovered with {@code password}, in a store opened with that password. */
    static KeyStore open(Path file, String password, String setting, Instant now) {
        TlsContexts.requireSize(file, setting);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return StoreOpening.within(() -> recover(content, password.toCharArray(), setting, now), setting,
                "its keys' PBE iteration count is");
    }

    private static KeyStore recover(byte[] content, char[] password, String setting, Instant now)
            throws GeneralSecurityException, IOException {
        KeyStore file = KeyStore.getInstance("PKCS12");
        try {
            file.load(new ByteArrayInputStream(content), password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + " cannot be opened as PKCS12 with"
                    + " ceip.endpoint.key-store-password (" + e.getClass().getSimpleName() + ")");
        }
        List<String> keys = Collections.list(file.aliases()).stream().filter(alias -> isKey(file, alias)).toList();
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException(setting + " holds " + keys.size() + " private keys: the agent's own"
                    + " key and certificate are needed, at most " + MAX_KEYS + " keys");
        }
        KeyStore recovered = KeyStore.getInstance("PKCS12");
        recovered.load(null, null);
        for (String alias : keys) {
            Key key;
            try {
                key = file.getKey(alias, password);
            } catch (UnrecoverableKeyException e) {
                throw new IllegalArgumentException(setting + ": a private key cannot be recovered with"
                        + " ceip.endpoint.key-store-password (a key's own password must be the store's)");
            }
            Certificate[] chain = file.getCertificateChain(alias);
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new IllegalArgumentException(setting + ": a private key has no X.509 certificate");
            }
            valid(leaf, setting, now);
            recovered.setKeyEntry(alias, key, password, chain);
        }
        return recovered;
    }

    /** The client certificate must be valid now: the endpoint would refuse it at every send. */
    private static void valid(X509Certificate leaf, String setting, Instant now) {
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant notBefore = leaf.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            throw new IllegalArgumentException(setting + ": its client certificate expired on " + notAfter
                    + "; renew it");
        }
        if (now.isBefore(notBefore)) {
            throw new IllegalArgumentException(setting + ": its client certificate is not valid before " + notBefore
                    + " (check the certificate and this machine's clock)");
        }
    }

    /**
     * The earliest end of validity of the client certificates in {@code parameters}' key store when it comes before
     * {@code horizon} (for one WARN line at start), else empty.
     */
    public static java.util.Optional<Instant> expiringBefore(org.apache.camel.support.jsse.SSLContextParameters
            parameters, Instant horizon) {
        try {
            KeyStore store = parameters.getKeyManagers() == null ? null
                    : parameters.getKeyManagers().getKeyStore().createKeyStore();
            if (store == null) {
                return java.util.Optional.empty();
            }
            Instant earliest = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate leaf
                        && (earliest == null || leaf.getNotAfter().toInstant().isBefore(earliest))) {
                    earliest = leaf.getNotAfter().toInstant();
                }
            }
            return java.util.Optional.ofNullable(earliest).filter(end -> end.isBefore(horizon));
        } catch (GeneralSecurityException | IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
