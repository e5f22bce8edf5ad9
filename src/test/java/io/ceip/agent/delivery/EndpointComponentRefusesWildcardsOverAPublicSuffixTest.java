package io.ceip.agent.delivery;

import io.ceip.agent.support.TestCertificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host name check the report client is given: a certificate whose wildcard spans a public suffix ({@code *.com},
 * {@code *.co.uk}: no CA may issue one, a mis-issued or private CA's could) matched every host under it, as Apache
 * HttpClient's verifier does without the public suffix list (camel-http makes it so; HttpClient's own default loads the
 * list, and the list changes nothing there). Now refused, a single label the list does not know too ({@code *.lan}); a
 * platform's wildcard for the names it hosts ({@code *.azurewebsites.net}: the list's private section) still matches,
 * as in browsers (the first cut of this check refused it, and with it a collector run on such a platform's name); an
 * ordinary wildcard still matches one label. A wildcard anywhere in the first label counts ({@code e*.com},
 * {@code *example.com}), and a bare {@code *} (every single-label host) is refused too: only {@code *.} was looked at;
 * so is a wildcard in any other label ({@code foo.*} matched {@code foo.com}).
 */
class EndpointComponentRefusesWildcardsOverAPublicSuffixTest {

    private static final TestCertificates CA = TestCertificates.ca("ceip wildcard CA");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1} for {0}")
    @CsvSource({ "collector.com, *.com", "telemetry.co.uk, *.co.uk", "collector.lan, *.lan",
            // a wildcard elsewhere in the first label (HttpClient matches it, e*.com: every .com host starting e)
            "evil.com, e*.com", "evil.com, *l.com", "example.com, *example.com", "collector, *", "localhost, *",
            // a wildcard in another label than the first (HttpClient matched foo.* to foo.com)
            "foo.com, foo.*", "foo.evil.com, foo.*.com", "collector.evil.vendor.com, collector.*.vendor.com" })
    void aWildcardOverAPublicSuffixIsRefused(String host, String name) throws Exception {
        X509Certificate certificate = certificate(name);

        assertThatThrownBy(() -> verifier().verify(host, certificate)).isInstanceOf(SSLException.class);
    }

    /** A platform's certificate for the names it hosts (the list's private section), as browsers take it. */
    @ParameterizedTest(name = "{1} for {0}")
    @CsvSource({ "ceip-collector.azurewebsites.net, *.azurewebsites.net", "ceip.herokuapp.com, *.herokuapp.com",
            "vendor.github.io, *.github.io" })
    void aPlatformsWildcardForTheNamesItHostsMatches(String host, String name) throws Exception {
        X509Certificate certificate = certificate(name);

        assertThatCode(() -> verifier().verify(host, certificate)).doesNotThrowAnyException();
    }

    @Test
    void aWildcardInTheFirstLabelOfARegistrableDomainStillMatches() throws Exception {
        assertThatCode(() -> verifier().verify("telemetry.vendor.com", certificate("t*.vendor.com")))
                .doesNotThrowAnyException();
    }

    @Test
    void anOrdinaryWildcardMatchesOneLabelOnly() throws Exception {
        X509Certificate certificate = certificate("*.vendor.example.com");

        assertThatCode(() -> verifier().verify("telemetry.vendor.example.com", certificate)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier().verify("a.telemetry.vendor.example.com", certificate))
                .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> verifier().verify("vendor.example.com", certificate)).isInstanceOf(SSLException.class);
    }

    /** The check the configured component holds (the one camel-http hands its TLS socket factory). */
    private static HostNameCheck verifier() {
        HttpComponent component = new HttpComponent();
        EndpointComponent.configure(component, null, Duration.ofSeconds(1), Duration.ofSeconds(1), null,
                Optional.empty());
        assertThat(component.getX509HostnameVerifier()).isInstanceOf(HostNameCheck.class);
        return (HostNameCheck) component.getX509HostnameVerifier();
    }

    private X509Certificate certificate(String name) throws Exception {
        Path pem = CA.issueServer(name).writePem(dir.resolve(name.replace('*', '_') + ".pem"));
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
