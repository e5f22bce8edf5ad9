package io.ceip.agent;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static io.ceip.agent.support.AgentStarts.cause;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent does not start with a broken rule or query file (it says which file, line and rule), an events catalog
 * declaring a name the report's redaction would remove or rewrite (it names the file, the entry and the rule), a bad
 * endpoint setting (it names the key) or a trust store it cannot read (it names the key, the file and what is wrong).
 */
class AgentStartupRefusesBadConfigTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad regex        | ceip.redaction.rules-file | 'detectors:\\n  email: \"[a-z\"\\n' | :2: detector 'email' is not a valid regular expression",
            "unknown rule key | ceip.redaction.rules-file | 'secret-keys:\\n  - x\\nallowlist: []\\n' | :3: unknown rule key 'allowlist'",
            "not a list       | ceip.redaction.rules-file | 'secret-keys: password\\n' | :1: secret-keys must be a list of patterns",
            "bad entropy      | ceip.redaction.rules-file | 'high-entropy:\\n  min-length: long\\n' | :2: high-entropy min-length 'long' is not a number",
            "not YAML         | ceip.redaction.rules-file | 'detectors: [' | not valid YAML",
            "duplicate rule   | ceip.redaction.rules-file | 'secret-keys:\\n  - x\\nsecret-keys: []\\n' | :3: 'secret-keys' is given twice",
            "duplicate detector | ceip.redaction.rules-file | 'detectors:\\n  a: x\\n  a: y\\n' | :3: 'a' is given twice",
            "NaN entropy      | ceip.redaction.rules-file | 'high-entropy:\\n  min-length: 24\\n  min-bits-per-char: NaN\\n' | :2: high-entropy needs min-length from 8 to 256",
            "Infinite entropy | ceip.redaction.rules-file | 'high-entropy:\\n  min-length: 24\\n  min-bits-per-char: Infinity\\n' | :2: high-entropy needs min-length from 8 to 256",
            "duplicate query key | ceip.collect.queries-file | 'queries:\\n  - name: a\\n    sql: SELECT 1\\n    sql: SELECT 2\\n' | duplicate key sql",
            "not a select     | ceip.collect.queries-file | 'queries:\\n  - name: wipe\\n    sql: DELETE FROM host\\n' | query 'wipe': sql must be a single SELECT statement",
            "unknown param    | ceip.collect.queries-file | 'queries:\\n  - name: q\\n    sql: SELECT COUNT(*) FROM t WHERE a > :after\\n' | query 'q': unknown parameter ':after'",
            "keys not a list  | ceip.collect.queries-file | 'queries:\\n  - name: q\\n    level: full\\n    keys: dashboards\\n    sql: SELECT f, COUNT(*) FROM t GROUP BY f\\n' | query 'q': keys must be a list of the keys the query may return, or 'pseudonymised'",
            "keys at basic    | ceip.collect.queries-file | 'queries:\\n  - name: q\\n    keys: pseudonymised\\n    sql: SELECT f, COUNT(*) FROM t GROUP BY f\\n' | query 'q': keys are for level full",
            "unknown key      | ceip.collect.queries-file | 'queries:\\n  - name: q\\n    key: [a]\\n    sql: SELECT 1\\n' | query #1: unknown key 'key' (expected name, level, sql, keys)",
            "secret-key feature | ceip.events.catalog-file | 'features: [dashboards.open, auth.login]\npackages: [com.vendor]\n' | : features: 'auth.login' would never reach the vendor: the report's redaction rules (ceip.redaction.rules-file): secret key 'auth' removes it; rename it",
            "secret-key operation | ceip.events.catalog-file | 'operations: [deploy, user.session.open]\n' | : operations: 'user.session.open' would never reach the vendor: the report's redaction rules (ceip.redaction.rules-file): secret key 'session' removes it; rename it",
            "rewritten feature | ceip.events.catalog-file | 'features: [10.0.0.1, 10.0.0.2]\n' | : features: '10.0.0.1' would never reach the vendor: the report's redaction rules (ceip.redaction.rules-file): detector ipv4 rewrites it; rename it",
            "locking clause   | ceip.collect.queries-file | 'queries:\\n  - name: q\\n    sql: SELECT * FROM host FOR UPDATE\\n' | query 'q': sql must not lock rows or write files ('FOR UPDATE')",
    })
    void startFailsWithAMessageNamingTheFileAndTheRule(String name, String key, String content, String message)
            throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), content.replace("\\n", "\n"));
        Main main = agent(key, file.toString());
        try {
            assertThatThrownBy(main::start).satisfies(thrown -> {
                Throwable named = cause(thrown, text -> text.startsWith(file.toString()));
                assertThat(named).as("an error naming " + file).isNotNull();
                assertThat(named.getMessage()).contains(message);
            });
        } finally {
            main.stop();
        }
    }

    /** The HTTPS endpoint is made by the first send, yet a bad endpoint setting still stops the start. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ceip.endpoint.url              | http://collector.example/v1 | ceip.endpoint.url: 'http://collector.example/v1' is not an https:// URL with a host",
            "ceip.endpoint.url              | collector.example/v1        | ceip.endpoint.url: 'collector.example/v1' is not an https:// URL with a host",
            "ceip.endpoint.connect-timeout  | ten                         | override: ceip.endpoint.connect-timeout 'ten' is not a whole number",
            "ceip.endpoint.response-timeout | 30s                         | override: ceip.endpoint.response-timeout '30s' is not a whole number",
            "ceip.retry.multiplier          | NaN                         | override: ceip.retry.multiplier 'NaN' is not a decimal number",
            "ceip.retry.max-redeliveries    | -1                          | override: ceip.retry.max-redeliveries '-1' is out of range 0..20",
    })
    void aBadEndpointSettingStopsTheStartNamingIt(String key, String value, String message) {
        assertStartStopsSaying(agent(key, value), message);
    }

    /** The product's consent query is checked at start like a usage query (the read-only connection stays the boundary). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SELECT v FROM product_option FOR UPDATE | ceip.consent.query: sql must not lock rows or write files ('FOR UPDATE')",
            "DELETE FROM product_option              | ceip.consent.query: sql must be a single SELECT statement",
    })
    void aConsentQueryThatIsNoPlainSelectStopsTheStart(String sql, String message) {
        assertStartStopsSaying(agent("ceip.consent.query", sql), message);
    }

    /**
     * The client's trust store is read at start, not by the first send: a file that is not one stops the start with a
     * message naming the key, the file and what is wrong.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing          | | does not exist",
            "not a key store  | 'neither PEM nor PKCS12' | is neither PEM certificates nor a PKCS12 store that ceip.endpoint.trust-store-password opens (EOFException)",
            "PEM, no cert     | '-----BEGIN NOTHING-----\\n-----END NOTHING-----\\n' | holds no readable PEM certificate (CertificateException)",
            "PEM, broken cert | '-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n' | holds no readable PEM certificate (CertificateException)",
    })
    void aBadTrustStoreStopsTheStartNamingItAndTheFile(String name, String content, String message) throws Exception {
        Path file = dir.resolve("trust.pem");
        if (content != null) {
            Files.writeString(file, content.replace("\\n", "\n"));
        }
        assertStartStopsSaying(agent("ceip.endpoint.trust-store", file.toString()),
                "ceip.endpoint.trust-store " + file + " " + message);
    }

    /** A PKCS12 trust store with another password than the configured one: the start stops, the password unsaid. */
    @Test
    void aTrustStoreTheConfiguredPasswordDoesNotOpenStopsTheStart() throws Exception {
        Path file = dir.resolve("trust.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "the-right-one".toCharArray());
        }
        String expected = "ceip.endpoint.trust-store " + file + " is neither PEM certificates nor a PKCS12 store that"
                + " ceip.endpoint.trust-store-password opens (IOException)";
        Main main = agent(Map.of("ceip.endpoint.trust-store", file.toString(),
                "ceip.endpoint.trust-store-password", "s3cr3t-wrong-one"));
        try {
            assertThatThrownBy(main::start).satisfies(thrown -> {
                assertThat(cause(thrown, expected::equals)).as("a cause saying: " + expected).isNotNull();
                assertThat(cause(thrown, text -> text.contains("s3cr3t"))).as("no message with the password").isNull();
            });
        } finally {
            main.stop();
        }
    }

    /**
     * The demo's collector on a port another process holds: the start stops naming the agent's keys to change, and
     * the switch a vendor forgot whose own collector holds the port (new31: told to move the port instead).
     */
    @Test
    void aDemoCollectorPortInUseStopsTheStartNamingTheAgentsKeys() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertStartStopsSaying(agent(Map.of("ceip.collector.enabled", "true", "ceip.collector.port",
                    Integer.toString(port), "ceip.collector.directory", dir.resolve("collector").toString())),
                    "ceip.collector.port: the demo's collector cannot listen on 127.0.0.1:" + port + " (another"
                            + " process listens there, or ceip.collector.host is not an address of this machine):"
                            + " stop that process, or set another ceip.collector.port (CEIP_COLLECTOR_PORT) and the"
                            + " same port in ceip.endpoint.url (CEIP_ENDPOINT_URL); to deliver to a collector of your"
                            + " own, set ceip.collector.enabled=false");
        }
    }

    /**
     * Any other refusal of the demo's collector says it is the embedded one's, and how to turn it off (a vendor who
     * left it on while setting up its own collector mended the wrong collector's tokens).
     */
    @Test
    void aDemoCollectorRefusalSaysItIsTheEmbeddedOnes() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("collector-data"), "a file");
        Main main = agent(Map.of("ceip.collector.enabled", "true", "ceip.collector.directory",
                notADirectory.toString()));
        try {
            String expected = "ceip.collector.enabled=true: the demo's collector (the repository's collector/, run in"
                    + " the agent's JVM) does not start: FileSystemException: " + notADirectory.resolve("tls") + ": Not"
                    + " a directory; to deliver to a collector of your own, set ceip.collector.enabled=false";
            assertThatThrownBy(main::start).satisfies(thrown -> assertThat(cause(thrown, expected::equals))
                    .as("a cause saying: " + expected + "; thrown: " + thrown).isNotNull());
        } finally {
            main.stop();
        }
    }

    /** Camel's management server (health, metrics) on a port another process holds: the start stops, one line. */
    @Test
    void aManagementPortInUseStopsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertStartStopsSaying(agent(Map.of("camel.management.enabled", "true", "camel.management.port",
                    Integer.toString(port))), "camel.management.port " + port + ": 127.0.0.1:" + port + " is in use"
                            + " (another process listens there); Camel's management server cannot open it");
        }
    }

    /** {@code --data /etc/passwd} (a mistyped directory): the agent made that file {@code 0600} and started. */
    @Test
    void aDataDirectoryThatIsAFileStopsTheStartAndTheFileIsLeftAsItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        assertStartStopsSaying(agent("ceip.data.directory", file.toString()), "ceip.data.directory " + file
                + " is not a directory: point ceip.data.directory at a directory of the agent's own");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r--r--");
    }

    private Main agent(String key, String value) {
        return agent(Map.of(key, value));
    }

    /** The agent with {@code settings} on an in-memory database, nothing scheduled, no collector. */
    private Main agent(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("ceip.data.directory", dir.toString(),
                "ceip.database.url", "jdbc:h2:mem:startup-" + System.nanoTime(), "ceip.collector.enabled", "false",
                "ceip.schedule.enabled", "false", "ceip.dead-letter.replay-enabled", "false"));
        all.putAll(settings);
        return AgentCommand.newMain(all);
    }
}
