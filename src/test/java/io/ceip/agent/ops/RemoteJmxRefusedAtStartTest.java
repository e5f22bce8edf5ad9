package io.ceip.agent.ops;

import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.AgentStarts;
import io.ceip.agent.support.TestCertificates;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Remote JMX is never open: enabled without a password file readable by the agent's user alone, or without an
 * access file, the agent does not start, says why in one line naming the setting, and nothing listens on the port.
 * The same with TLS ({@code ceip.jmx.remote.ssl=true}) and no key store, a missing one, one its password does not
 * open, or one without a key (a trust store): the line never shows the password.
 */
class RemoteJmxRefusedAtStartTest {

    /** The agent's data directory: the agent makes what is in it owner-only at start. */
    @TempDir
    Path dir;

    /** Where the login files are: outside the data directory, as an administrator keeps them. */
    @TempDir
    Path etc;

    private int port;
    private Path passwords;
    private Path access;

    @BeforeEach
    void goodFiles() throws IOException {
        port = FreePort.next();
        passwords = Files.writeString(etc.resolve("jmx.password"), "operator s3cret-pass\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        access = Files.writeString(etc.resolve("jmx.access"), "operator readwrite\n");
        Files.setPosixFilePermissions(access, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void withoutAPasswordFile() {
        assertRefused(Map.of("ceip.jmx.remote.access-file", access.toString()),
                "ceip.jmx.remote.password-file is not set: remote JMX (ceip.jmx.remote.enabled=true) starts only with"
                        + " a password file readable by the agent's user alone");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "r--r--r--" })
    void withAPasswordFileOthersCanReadOrWrite(String permissions) throws IOException {
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString(permissions));
        assertRefused(files(passwords, access), "ceip.jmx.remote.password-file " + passwords + " is open to group or"
                + " others (" + permissions + "): make it readable by the agent's user alone (chmod 600)");
    }

    @Test
    void withAPasswordFileThatIsALink() throws IOException {
        Path link = Files.createSymbolicLink(etc.resolve("link.password"), passwords);
        assertRefused(files(link, access), "ceip.jmx.remote.password-file " + link
                + " is not a regular file (a symbolic link)");
    }

    @Test
    void withAPasswordFileThatIsADirectory() throws IOException {
        Path directory = Files.createDirectory(etc.resolve("passwords.d"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        assertRefused(files(directory, access), "ceip.jmx.remote.password-file " + directory
                + " is not a regular file (a directory)");
    }

    /**
     * A password file in a directory others may write: they could put another file in its place between a login's
     * check and the JDK's read (a link to their passwords, a pipe that holds every login).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "rwxrwxrwx", "rwxrwx---", "rwx---rwx" })
    void withAPasswordFileInADirectoryOthersCanWrite(String permissions) throws IOException {
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString(permissions));
        assertRefused(files(passwords, access), "ceip.jmx.remote.password-file " + passwords + ": its directory "
                + etc + " may be written by group or others, who could put another file in its place: keep it in a"
                + " directory only the agent's user or root may write (chmod 755)");
    }

    /** A directory with the sticky bit (as /tmp): only a file's owner may rename or remove it there. */
    @Test
    void aPasswordFileInAStickyDirectoryPassesTheCheck() throws Exception {
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(new ProcessBuilder("chmod", "+t", etc.toString()).start().waitFor()).isZero();
        assertThat((Integer) Files.getAttribute(etc, "unix:mode") & 01000).as("sticky").isNotZero();
        assertThat(JmxLoginFiles.check(java.util.Optional.of(passwords.toString()),
                java.util.Optional.of(access.toString())).passwordFile()).isEqualTo(passwords);
    }

    /**
     * A directory of a user that is neither the agent's nor root: as root, the directory is given to another user and
     * the whole start refuses; run as another user, the check is asked for an agent of a third uid (a directory of
     * the test's user is then another user's), since only root can give a directory away.
     */
    @Test
    void withAPasswordFileInADirectoryOfAnotherUser() throws IOException {
        long uid = new com.sun.security.auth.module.UnixSystem().getUid();
        if (uid == 0) {
            Files.setAttribute(etc, "unix:uid", 65534);
            assertRefused(files(passwords, access), "ceip.jmx.remote.password-file " + passwords + ": its directory "
                    + etc + " belongs to user 65534: keep the file in a directory of the agent's user or root, which"
                    + " no one else may write");
        } else {
            assertThatThrownBy(() -> JmxLoginFiles.checkDirectory(passwords, uid + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("ceip.jmx.remote.password-file "
                            + passwords + ": its directory " + etc + " belongs to user " + uid + ": keep the file in a"
                            + " directory of the agent's user or root, which no one else may write");
        }
    }

    /** A file of another user (made with chown when the test runs as root, else a system file of root's). */
    @Test
    void withAPasswordFileOfAnotherUser() throws IOException {
        long agent = new com.sun.security.auth.module.UnixSystem().getUid();
        Path foreign = passwords;
        if (agent == 0) {
            Files.setAttribute(foreign, "unix:uid", 65534);
        } else {
            foreign = Path.of("/etc/passwd");
        }
        long owner = ((Number) Files.getAttribute(foreign, "unix:uid")).longValue();
        assertRefused(files(foreign, access), "ceip.jmx.remote.password-file " + foreign + " belongs to user " + owner
                + ", not to the agent's user (" + agent + ")");
    }

    @Test
    void withAPasswordFileThatDoesNotExist() {
        Path missing = etc.resolve("missing.password");
        assertRefused(files(missing, access), "ceip.jmx.remote.password-file " + missing + " does not exist");
    }

    @Test
    void withoutAnAccessFile() {
        assertRefused(Map.of("ceip.jmx.remote.password-file", passwords.toString()),
                "ceip.jmx.remote.access-file is not set: remote JMX (ceip.jmx.remote.enabled=true) starts only with"
                        + " an access file (lines 'user readonly' or 'user readwrite')");
    }

    @Test
    void withAnAccessFileOthersCanWrite() throws IOException {
        Files.setPosixFilePermissions(access, PosixFilePermissions.fromString("rw-rw-r--"));
        assertRefused(files(passwords, access), "ceip.jmx.remote.access-file " + access + " can be written by group"
                + " or others (rw-rw-r--): make it writable by the agent's user alone (chmod 644 or 600)");
    }

    @Test
    void withAnAccessFileThatIsALink() throws IOException {
        Path link = Files.createSymbolicLink(etc.resolve("link.access"), access);
        assertRefused(files(passwords, link), "ceip.jmx.remote.access-file " + link
                + " is not a regular file (a symbolic link)");
    }

    /**
     * The JDK reads the access file as the connector starts: a line without a role, or with another word than
     * readonly or readwrite, stops the start there (there is no default role to fall back on).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'operator\n'                                           | Expected word at end of line [operator ]",
            "'operator admin\n'                                     | Expected readonly or readwrite: admin [operator admin]",
            "'operator readwrite\nviewer readonly\nnobody\n'        | Expected word at end of line [nobody ]",
    })
    void withAnAccessFileLineThatGrantsNoKnownRole(String content, String reason) throws IOException {
        Files.writeString(access, content.replace("\\n", "\n"));
        try (LogCapture log = LogCapture.attach()) {
            assertRefused(files(passwords, access), "ceip.jmx.remote.access-file " + access + " is not a JDK access"
                    + " file (" + reason + ")");
            // refused before Camel starts, as every other setting: not Camel's "Error starting CamelContext"
            assertThat(log.shown()).doesNotContain("Error starting").doesNotContain("IllegalArgumentException");
        }
    }

    @Test
    void withTlsButNoKeyStore() {
        Map<String, String> settings = new HashMap<>(files(passwords, access));
        settings.put("ceip.jmx.remote.ssl", "true");
        assertRefused(settings, "ceip.jmx.remote.key-store is not set: remote JMX with TLS (ceip.jmx.remote.ssl=true)"
                + " needs a PKCS12 key store with the agent's key and certificate");
    }

    @Test
    void withAKeyStoreThatDoesNotExist() {
        Path missing = etc.resolve("missing.p12");
        assertRefused(tls(missing, "Ks-Pass-4455"), "ceip.jmx.remote.key-store " + missing + " does not exist");
    }

    @Test
    void withAKeyStoreTheWrongPassword() {
        Path keyStore = TestCertificates.localhost().writePkcs12(etc.resolve("jmx.p12"), "Ks-Right-Pass-1");
        assertRefused(tls(keyStore, "Ks-Wrong-Pass-2"), "ceip.jmx.remote.key-store " + keyStore + " cannot be opened"
                + " as PKCS12 with ceip.jmx.remote.key-store-password (the password is wrong)", "Ks-Wrong-Pass-2",
                "Ks-Right-Pass-1");
    }

    /** A trust store (certificates, no key) named by mistake: TLS could not start with it. */
    @Test
    void withAKeyStoreWithoutAKey() throws Exception {
        KeyStore certificatesOnly = KeyStore.getInstance("PKCS12");
        certificatesOnly.load(null, null);
        Path pem = TestCertificates.localhost().writePem(etc.resolve("jmx.pem"));
        try (InputStream in = Files.newInputStream(pem)) {
            certificatesOnly.setCertificateEntry("trusted", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        Path trustStore = etc.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            certificatesOnly.store(out, "Ts-Pass-3".toCharArray());
        }
        assertRefused(tls(trustStore, "Ts-Pass-3"), "ceip.jmx.remote.key-store " + trustStore + " holds no private"
                + " key (a key store with the agent's key and certificate is needed, not a trust store)", "Ts-Pass-3");
    }

    private Map<String, String> tls(Path keyStore, String password) {
        Map<String, String> settings = new HashMap<>(files(passwords, access));
        settings.put("ceip.jmx.remote.ssl", "true");
        settings.put("ceip.jmx.remote.key-store", keyStore.toString());
        settings.put("ceip.jmx.remote.key-store-password", password);
        return settings;
    }

    private static Map<String, String> files(Path passwordFile, Path accessFile) {
        return Map.of("ceip.jmx.remote.password-file", passwordFile.toString(), "ceip.jmx.remote.access-file",
                accessFile.toString());
    }

    /** A port another process listens on: one line naming the setting, not Camel's ERROR and stack trace. */
    @Test
    void onAPortAnotherProcessListensOn() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = new HashMap<>(files(passwords, access));
            settings.put("ceip.jmx.remote.enabled", "true");
            settings.put("ceip.jmx.remote.port", Integer.toString(port));
            assertStartStopsSaying(AgentStarts.agent(dir, null, settings), "ceip.jmx.remote.port " + port + ": 127.0.0.1:"
                    + port + " is in use (another process listens there); remote JMX cannot open it", "s3cret-pass");
        }
    }

    /**
     * A start that fails after remote JMX was configured (here a route of an unknown component) leaves its port
     * free: the JDK's reading of the access file is tried at the configuration without listening, and the connector
     * is one of the context's services, stopped with it.
     */
    @Test
    void aStartThatFailsLaterLeavesThePortFree() throws IOException {
        Path routes = Files.createDirectories(etc.resolve("routes"));
        Files.writeString(routes.resolve("broken.camel.yaml"), "- route:\n    id: broken\n    from:\n"
                + "      uri: direct:broken\n      steps:\n        - to:\n            uri: nosuchcomponent:x\n");
        Map<String, String> settings = new HashMap<>(files(passwords, access));
        settings.put("ceip.jmx.remote.enabled", "true");
        settings.put("ceip.jmx.remote.port", Integer.toString(port));
        settings.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        org.apache.camel.main.Main main = AgentStarts.agent(dir, null, settings);
        try {
            assertThatThrownBy(main::start).hasMessageContaining("broken");
        } finally {
            main.stop();
        }
        try (java.net.ServerSocket free = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            assertThat(free.isBound()).isTrue();
        }
    }

    private void assertRefused(Map<String, String> files, String message, String... secrets) {
        Map<String, String> settings = new HashMap<>(files);
        settings.put("ceip.jmx.remote.enabled", "true");
        settings.put("ceip.jmx.remote.port", Integer.toString(port));
        String[] unsaid = java.util.stream.Stream.concat(java.util.stream.Stream.of("s3cret-pass"),
                java.util.Arrays.stream(secrets)).toArray(String[]::new);
        assertStartStopsSaying(AgentStarts.agent(dir, null, settings), message, unsaid);
        assertNothingListens();
    }

    private void assertNothingListens() {
        assertThatThrownBy(() -> JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + port
                + "/jndi/rmi://127.0.0.1:" + port + "/jmxrmi"), Map.of("jmx.remote.credentials",
                        new String[] { "operator", "s3cret-pass" }))).isInstanceOf(IOException.class);
    }
}
