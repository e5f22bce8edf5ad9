package io.ceip.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The server side of a TLS listener of the agent's own (remote JMX): the key and certificate of a PKCS12 key store
 * named by a setting, opened once at start with the password of another setting, never the JVM's
 * {@code -Djavax.net.ssl.keyStore} (system properties and JVM arguments are readable by every JMX user, through
 * {@code java.lang:type=Runtime}, and by {@code ps}). Connections speak TLS 1.3 or 1.2 only, with the forward-secret
 * AEAD suites the report client offers ({@link TlsContexts#CIPHER_SUITES}: never static RSA key exchange, CBC nor
 * finite-field DHE, which the JDK's defaults allow); no client certificate is asked for.
 */
public final class ServerKeyStore {

    private final SSLSocketFactory tls;
    private final String[] protocols = TlsContexts.PROTOCOLS.toArray(String[]::new);
    private final String[] suites;

    private ServerKeyStore(SSLSocketFactory tls) {
        this.tls = tls;
        this.suites = TlsContexts.allowedSuites(tls.getDefaultCipherSuites());
    }

    /** The server's side of TLS over {@code accepted}, TLS 1.3 or 1.2 only, its AEAD suites, the store's key. */
    public Socket over(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(accepted, null, true);
        socket.setEnabledProtocols(protocols);
        socket.setEnabledCipherSuites(suites);
        return socket;
    }

    /**
     * The key of {@code keyStore}, opened for the server's side of TLS ({@link #over}). A missing file, a store that
     * {@code password} does not open, or one without a private key is an {@link IllegalArgumentException} in one line
     * naming {@code setting} (the key store's key), {@code passwordSetting} where it applies and the cause, never the
     * password. The store is read once and opened within {@value StoreOpening#MAX_SECONDS} s (its own PBE iteration
     * counts set the cost), or that is the line.
     */
    public static ServerKeyStore open(String setting, String passwordSetting, Path keyStore, String password) {
        String named = setting + " " + keyStore;
        if (!Files.isRegularFile(keyStore)) {
            throw new IllegalArgumentException(named + TlsContexts.notAFile(keyStore, "PKCS12")
                    + (keyStore.isAbsolute() ? ""
                    : " (looked for in the working directory " + Path.of("").toAbsolutePath() + ")"));
        }
        TlsContexts.requireSize(keyStore, named);
        byte[] content;
        try {
            content = Files.readAllBytes(keyStore);
        } catch (IOException e) {
            throw new IllegalArgumentException(named + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return StoreOpening.within(() -> open(named, passwordSetting, content, password.toCharArray()), named,
                "its PBE iteration counts are");
    }

    /** The store of {@code content} opened, its key checked and made the server's side of TLS. */
    private static ServerKeyStore open(String named, String passwordSetting, byte[] content, char[] password) {
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(named + " cannot be opened as PKCS12 with " + passwordSetting + " ("
                    + (wrongPassword(e) ? "the password is wrong" : e.getClass().getSimpleName()) + ")");
        }
        try {
            if (Collections.list(store.aliases()).stream().noneMatch(alias -> isKey(store, alias))) {
                throw new IllegalArgumentException(named + " holds no private key (a key store with the agent's key"
                        + " and certificate is needed, not a trust store)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new ServerKeyStore(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(named + ": its key cannot be used with " + passwordSetting + " ("
                    + (wrongPassword(e) ? "the key's password differs" : e.getClass().getSimpleName()) + ")");
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean wrongPassword(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecoverableKeyException) {
                return true;
            }
        }
        return false;
    }
}
