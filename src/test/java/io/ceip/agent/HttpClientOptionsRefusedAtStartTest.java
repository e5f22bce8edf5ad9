package io.ceip.agent;

import io.ceip.agent.delivery.BoundedDnsResolver;
import io.ceip.agent.delivery.BoundedHttpComponent;
import io.ceip.agent.delivery.HostNameCheck;
import io.ceip.agent.support.AgentStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No setting reaches the HTTP client that sends reports: every way a setting could pass camel-http an option — a
 * query in {@code ceip.endpoint.url}, a {@code camel.component.http(s).*} or {@code camel.ssl.*} property, or one of
 * Camel's global options {@code http.proxyHost}, {@code http.proxyPort}, {@code http.proxyScheme} (camel-http's
 * endpoints still read them: they took every report through a proxy no {@code ceip.proxy.*} setting named) in the
 * configuration file, as a JVM system property or as an environment variable — stops the start with one line naming
 * the key (never the value); the component holds the agent's own settings.
 */
class HttpClientOptionsRefusedAtStartTest {

    private static final String NOOP_VERIFIER = "#class:org.apache.hc.client5.http.ssl.NoopHostnameVerifier";
    private static final String REFUSED = " is refused: the agent alone configures its HTTP client and TLS (trust,"
            + " hostname verification, protocols, ciphers, retries, connections); remove this setting";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "camel.component.https.x509HostnameVerifier        | " + NOOP_VERIFIER,
            "camel.component.https.ssl-context-parameters      | #trustAll",
            "camel.component.https.useGlobalSslContextParameters | true",
            "camel.component.https.use-system-properties       | true",
            "camel.component.https.automatic-retries-disabled  | true",
            "camel.component.http.client-connection-manager    | #bean:connections",
            "camel.ssl.trust-all-certificates                  | true",
            "camel.main.global-options[http.proxyHost]         | 10.9.9.9",
            "camel.main.globalOptions[http.proxyPort]          | 3128",
            // camel-main's binding unquotes the key and ignores dashes and case: each set the proxy as the above
            "camel.main.globalOptions[\"http.proxyHost\"]       | 10.9.9.9",
            "camel.main.Glo-bal-Options[http.proxyPort]        | 3128",
            "camel.globalOptions.http.proxyHost                | 10.9.9.9",
    })
    void aComponentOrTlsPropertyInTheConfigurationFileStopsTheStart(String key, String value) throws Exception {
        Path config = Files.writeString(dir.resolve("agent.properties"), key + "=" + value + "\n");

        assertStartStopsSaying(AgentStarts.agent(dir, config, Map.of()), key + " (in " + config + ")" + REFUSED, value);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "https://localhost:8443/v1/reports?x509HostnameVerifier=" + NOOP_VERIFIER,
            "https://localhost:8443/v1/reports?sslContextParameters=#trustAll",
            "https://localhost:8443/v1/reports?httpClient.sslContext=#trustAll&useSystemProperties=true",
            "https://localhost:8443/v1/reports?",
    })
    void anOptionInTheEndpointUrlStopsTheStart(String url) throws Exception {
        assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.endpoint.url", url)),
                "ceip.endpoint.url: 'https://localhost:8443/v1/reports' has a query string: the endpoint is scheme,"
                        + " host, port and path only (the agent alone sets the HTTP client's options)",
                "Verifier", "trustAll", "?");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://agent:s3cret@localhost:8443/v1/reports | has user info: the endpoint is scheme, host, port and path only",
            "https://localhost:8443/v1/reports#s3cret       | has a fragment: the endpoint is scheme, host, port and path only",
            "http://localhost:8443/v1/reports               | is not an https:// URL with a host",
    })
    void userInfoAFragmentOrPlainHttpStopTheStart(String url, String what) {
        assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.endpoint.url", url)),
                "ceip.endpoint.url: '" + url.replaceFirst("agent:s3cret@", "").replaceFirst("#.*", "") + "' " + what,
                "s3cret");
    }

    /** camel-main reads CAMEL_COMPONENT_HTTPS_* and CAMEL_SSL_* variables: a real start, in a JVM of its own. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CAMEL_COMPONENT_HTTPS_X509_HOSTNAME_VERIFIER | " + NOOP_VERIFIER,
            "CAMEL_SSL_TRUST_ALL_CERTIFICATES             | true",
            // camel-main reads CAMEL_MAIN_* (any case) as camel.main.*, each _ a dot: a global option http.proxyhost
            "CAMEL_MAIN_GLOBALOPTIONS[HTTP_PROXYHOST]     | 10.9.9.9",
            "camel_main_global-options[http_proxyPort]    | 3128",
    })
    void aComponentOrTlsEnvironmentVariableStopsTheStart(String name, String value) throws Exception {
        Result result = runAgent(List.of(), Map.of(name, value));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("ceip-agent: " + name + " (in the environment)" + REFUSED);
    }

    /** The proxy as a JVM system property, its key quoted as camel-main's binding reads it (it took effect). */
    @Test
    void aGlobalOptionSystemPropertyWithAQuotedKeyStopsTheStart() throws Exception {
        Result result = runAgent(List.of("-Dcamel.main.globalOptions['http.proxyHost']=10.9.9.9"), Map.of());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("ceip-agent: camel.main.globalOptions['http.proxyHost'] (in the"
                + " JVM system properties)" + REFUSED);
    }

    @Test
    void aComponentSystemPropertyStopsTheStart() throws Exception {
        Result result = runAgent(List.of("-Dcamel.component.https.x509HostnameVerifier=" + NOOP_VERIFIER), Map.of());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("ceip-agent: camel.component.https.x509HostnameVerifier (in the"
                + " JVM system properties)" + REFUSED);
    }

    /**
     * What the component holds once the agent has started: the agent's TLS and its hostname check (HostNameCheck),
     * no global or system-property TLS, its own connection manager, no retries, redirects or cookies, a
     * pool of two, host names resolved within the connect timeout.
     */
    @Test
    void theComponentHoldsTheAgentsSettingsAfterTheStart() throws Exception {
        Main main = AgentStarts.agent(dir, null, Map.of());
        try {
            main.start();
            HttpComponent https = main.getCamelContext().getComponent("https", HttpComponent.class);

            assertThat(https.getX509HostnameVerifier()).isInstanceOf(HostNameCheck.class);
            assertThat(https.getSslContextParameters().getSecureSocketProtocols().getSecureSocketProtocol())
                    .containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(https.isUseGlobalSslContextParameters()).isFalse();
            assertThat(https.isUseSystemProperties()).isFalse();
            assertThat(https.getClientConnectionManager()).isNull();
            assertThat(https.isAutowiredEnabled()).isFalse();
            assertThat(https.isAutomaticRetriesDisabled()).isTrue();
            assertThat(https.isRedirectHandlingDisabled()).isTrue();
            assertThat(https.isCookieManagementDisabled()).isTrue();
            assertThat(https.getMaxTotalConnections()).isEqualTo(2);
            assertThat(https.getConnectionsPerRoute()).isEqualTo(2);
            assertThat(((BoundedHttpComponent) https).getDnsResolver()).isInstanceOfSatisfying(
                    BoundedDnsResolver.class, resolver -> {
                        assertThat(resolver.resolvesThroughTheSystem()).isTrue();
                        assertThat(resolver.boundMillis()).isEqualTo(10_000); // ceip.endpoint.connect-timeout
                    });
        } finally {
            main.stop();
        }
    }

    private record Result(int exitCode, List<String> stderr) {
    }

    /** Runs {@code java <flags> io.ceip.agent.CeipAgent run} in the project directory with {@code env} added. */
    private Result runAgent(List<String> flags, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(flags);
        command.addAll(List.of(CeipAgent.class.getName(), "run"));
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.startsWith("CAMEL_")
                || name.equals("DO_NOT_TRACK"));
        builder.environment().putAll(Map.of("CEIP_DATA_DIRECTORY", dir.resolve("data").toString(),
                "CEIP_DATABASE_URL", "jdbc:h2:mem:refused", "CEIP_COLLECTOR_ENABLED", "false",
                "CEIP_SCHEDULE_ENABLED", "false", "CEIP_DEAD_LETTER_REPLAY_ENABLED", "false"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the agent started instead of refusing: " + Files.readString(stderr));
        }
        return new Result(process.exitValue(), Files.readAllLines(stderr));
    }
}
