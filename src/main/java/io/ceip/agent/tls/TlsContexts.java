package io.ceip.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The TLS settings of the report client, as Camel {@link SSLContextParameters}: TLS 1.3 and 1.2 only (whatever the
 * JVM would allow), and of the JDK's enabled cipher suites only TLS 1.3's and TLS 1.2's forward-secret AEAD ones
 * ({@link #CIPHER_SUITES}); hostname verification is the HTTP client's ({@code EndpointComponent}) and there is no
 * setting to turn it off.
 */
public final class TlsContexts {

    /** The largest trust or key store file read (Debian's whole CA bundle is about 220 KB). */
    static final long MAX_STORE_BYTES = 4L * 1024 * 1024;

    /** The protocols of every TLS context the agent makes. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The cipher suites the client offers, of those the JVM enables (its {@code jdk.tls.disabledAlgorithms} still
     * apply): TLS 1.3's, and TLS 1.2's of an ephemeral elliptic-curve key exchange with AES-GCM or ChaCha20-Poly1305.
     * Never static RSA key exchange ({@code TLS_RSA_*}: whoever later gets the server's key decrypts every recorded
     * report), CBC (MAC-then-encrypt: padding oracles) nor finite-field DHE, which the JDK's defaults offered.
     */
    static final List<String> CIPHER_SUITES = List.of("TLS_AES_(128|256)_GCM_SHA(256|384)",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)"
                    + "|CHACHA20_POLY1305_SHA256)");

    private TlsContexts() {
    }

    /** Those of {@code enabled} (a JDK context's default suites) that {@link #CIPHER_SUITES} allows, in their order. */
    static String[] allowedSuites(String[] enabled) {
        return java.util.Arrays.stream(enabled)
                .filter(suite -> CIPHER_SUITES.stream().anyMatch(suite::matches)).toArray(String[]::new);
    }

    /**
     * The client side: trusts the certificates of {@code trustStore} (PEM certificates or a PKCS12 store with
     * {@code password}), or the JVM's default trust store when none is given; when {@code pins} are given, the
     * server's chain must also hold one of those public keys ({@link PinningTrustManager}); with a
     * {@code keyStore} (PKCS12), presents its key and certificate to servers that ask (mutual TLS).
     */
    public static SSLContextParameters client(Optional<Path> trustStore, Optional<String> password,
            Optional<Path> keyStore, Optional<String> keyStorePassword, java.util.Set<String> pins) {
        SSLContextParameters parameters = withProtocols();
        if (trustStore.isPresent() || !pins.isEmpty()) {
            X509ExtendedTrustManager manager = trustManager(trustStore.map(file -> loadTrustStore(file, password)).orElse(null));
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(pins.isEmpty() ? manager : new PinningTrustManager(manager, pins));
            parameters.setTrustManagers(trust);
        }
        keyStore.ifPresent(file -> {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("ceip.endpoint.key-store " + shown(file) + notAFile(file, "PKCS12"));
            }
            KeyStoreParameters store = new KeyStoreParameters();
            store.setKeyStore(ClientKeyStore.open(file, keyStorePassword.orElse(""), "ceip.endpoint.key-store "
                    + shown(file), java.time.Instant.now()));
            store.setPassword(keyStorePassword.orElse(""));
            KeyManagersParameters keys = new KeyManagersParameters();
            keys.setKeyStore(store);
            keys.setKeyPassword(keyStorePassword.orElse(""));
            parameters.setKeyManagers(keys);
        });
        return parameters;
    }

    /** Reads {@code ceip.endpoint.pins}: comma-separated {@code sha256/<base64>} values. */
    public static java.util.Set<String> pins(Optional<String> setting) {
        java.util.Set<String> pins = new java.util.LinkedHashSet<>();
        setting.ifPresent(text -> {
            for (String pin : text.split(",")) {
                String trimmed = pin.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!trimmed.matches("sha256/[A-Za-z0-9+/]{43}=")) {
                    throw new IllegalArgumentException("ceip.endpoint.pins: '" + trimmed
                            + "' is not a pin of the form sha256/<44 base64 characters>");
                }
                pins.add(trimmed);
            }
        });
        return pins;
    }

    /**
     * Refuses a store file larger than {@value #MAX_STORE_BYTES} bytes before it is read (a file named by mistake, a
     * log or an image, would otherwise be read whole into memory at start): one line naming {@code setting}.
     */
    static void requireSize(Path file, String setting) {
        try {
            if (Files.size(file) > MAX_STORE_BYTES) {
                throw new IllegalArgumentException(setting + " is larger than " + MAX_STORE_BYTES + " bytes: not a"
                        + " trust or key store");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * What a store setting names when it is not a regular file (through any link): a directory, a device, a fifo or a
     * socket, or nothing; {@code kind} the store file it should be.
     */
    static String notAFile(Path file, String kind) {
        return Files.isDirectory(file) ? " is a directory, not a store file (" + kind + ")" : Files.exists(file)
                ? " is not a regular file (a device, a fifo or a socket), not a store file (" + kind + ")"
                : " does not exist";
    }

    /** {@code file} as a message names it: a relative one with what it is from the working directory. */
    private static String shown(Path file) {
        return file.isAbsolute() ? file.toString() : file + " (" + file.toAbsolutePath() + ")";
    }

    /**
     * Reads a trust store: PEM certificates when the file holds {@code -----BEGIN}, else a PKCS12 store opened
     * with {@code password} within {@value StoreOpening#MAX_SECONDS} s (its own PBE iteration counts set the cost).
     * What is wrong with a file that is neither is an {@link IllegalArgumentException} naming
     * {@code ceip.endpoint.trust-store}, the file and the kind of error (never the password).
     */
    public static KeyStore loadTrustStore(Path file, Optional<String> password) {
        String setting = "ceip.endpoint.trust-store " + shown(file);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(setting + notAFile(file, "PEM certificates or PKCS12"));
        }
        try {
            requireSize(file, setting);
            byte[] content = Files.readAllBytes(file);
            // anywhere: a bundle's certificates may follow a header of comments (curl's cacert.pem, openssl -text)
            boolean pem = new String(content, StandardCharsets.US_ASCII).contains("-----BEGIN");
            return pem ? pemStore(setting, content) : StoreOpening.within(() -> pkcs12Store(setting, content,
                    password), setting, "its PBE iteration counts are");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A store of the PEM certificates of {@code content}, at least one. */
    private static KeyStore pemStore(String setting, byte[] content) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content))) {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(setting + " holds no readable PEM certificate ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (i == 0) {
            throw new IllegalArgumentException(setting + " holds no certificate");
        }
        return store;
    }

    /** The PKCS12 store of {@code content}, opened with {@code password}: at least one trusted certificate. */
    private static KeyStore pkcs12Store(String setting, byte[] content, Optional<String> password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(new ByteArrayInputStream(content), password.map(String::toCharArray).orElse(null));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + " is neither PEM certificates nor a PKCS12 store that"
                    + " ceip.endpoint.trust-store-password opens (" + e.getClass().getSimpleName() + ")", e);
        }
        // opened without its password, a PKCS12 store shows none of its encrypted certificates (and skips its MAC)
        if (java.util.Collections.list(store.aliases()).stream().noneMatch(alias -> isCertificate(store, alias))) {
            throw new IllegalArgumentException(setting + " holds no trusted certificate" + (password.isEmpty()
                    ? " (is ceip.endpoint.trust-store-password set?)" : ""));
        }
        return store;
    }

    private static boolean isCertificate(KeyStore store, String alias) {
        try {
            return store.isCertificateEntry(alias);
        } catch (java.security.KeyStoreException e) {
            return false;
        }
    }

    /**
     * The JDK's PKIX trust manager of {@code store}, or of the JVM's default trust store when it is null: an
     * {@link X509ExtendedTrustManager}, so that the JDK runs its socket- and engine-aware checks too.
     */
    private static X509ExtendedTrustManager trustManager(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager available");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a trust manager", e);
        }
    }

    private static SSLContextParameters withProtocols() {
        SSLContextParameters parameters = new SSLContextParameters();
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(PROTOCOLS);
        parameters.setSecureSocketProtocols(protocols);
        org.apache.camel.support.jsse.FilterParameters suites = new org.apache.camel.support.jsse.FilterParameters();
        suites.getInclude().addAll(CIPHER_SUITES);
        parameters.setCipherSuitesFilter(suites);
        return parameters;
    }
}
