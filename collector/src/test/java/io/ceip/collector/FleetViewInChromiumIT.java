package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.SimulatedFleet;
import io.ceip.collector.support.TestCollector;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The fleet view in a real headless Chromium (the system's {@code /usr/bin/chromium} and {@code chromedriver},
 * installed by the CI script): a collector fed with a simulated fleet, the page loaded over HTTPS (the browser
 * trusts exactly the collector's certificate, by its key's hash) with the fleet token as the Basic password; every
 * chart is drawn (its bars have a size) and its numbers are those fed; markup from a report stays text.
 */
class FleetViewInChromiumIT {

    static final String FLEET_TOKEN = "ceip-fleet-demo-token-0123";

    @TempDir
    static Path dir;

    static TestCollector collector;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        collector = TestCollector.start(dir.resolve("collector"), Map.of("collector.intake.max-requests-per-second",
                "0"));
        SimulatedFleet.feed(collector);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                "--ignore-certificate-errors-spki-list=" + spkiHash(dir.resolve("collector/tls/collector.pem")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        collector.close();
    }

    /** The base64 SHA-256 of the certificate's public key: what Chromium's SPKI list names. */
    static String spkiHash(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        }
    }

    @Test
    void thePageLoadsTheChartsRenderAndTheirNumbersMatchTheFleet() {
        browser.get("https://vendor:" + FLEET_TOKEN + "@" + collector.uri("/fleet").getAuthority() + "/fleet");

        assertThat(browser.getTitle()).isEqualTo("CEIP fleet");
        List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
        assertThat(charts).hasSize(6);
        assertThat(bars("product-versions")).isEqualTo(SimulatedFleet.VERSIONS);
        assertThat(bars("operating-systems")).isEqualTo(SimulatedFleet.OPERATING_SYSTEMS);
        assertThat(bars("java-versions")).isEqualTo(SimulatedFleet.JAVA_VERSIONS);
        assertThat(bars("database-vendors")).isEqualTo(SimulatedFleet.DATABASE_VENDORS);
        assertThat(bars("consent-levels")).isEqualTo(SimulatedFleet.CONSENT_LEVELS);
        assertThat(bars("active-installations")).isEqualTo(SimulatedFleet.activeToday());
        assertThat(browser.findElement(By.id("operating-systems")).getText()).contains(SimulatedFleet.MARKUP_OS);
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
    }

    @Test
    void withoutTheTokenThePageIsNotShownWithItItIs() {
        // another origin (127.0.0.1, also in the certificate) than the other test's: no login cached for it
        String authority = collector.uri("/fleet").getAuthority().replace("localhost", "127.0.0.1");

        browser.get("https://" + authority + "/fleet");
        assertThat(browser.findElements(By.cssSelector("svg.chart"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("Linux");
        assertThat(browser.getTitle()).isNotEqualTo("CEIP fleet");

        // the same origin with the token: so the empty page above was the refusal, not a certificate error
        browser.get("https://vendor:" + FLEET_TOKEN + "@" + authority + "/fleet");
        assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSize(6);
    }

    /** The drawn bars of one chart: label to value; every bar must have a rendered size. */
    private Map<String, Long> bars(String figure) {
        Map<String, Long> bars = new HashMap<>();
        for (WebElement bar : browser.findElements(By.cssSelector("svg[data-figure='" + figure + "'] rect"))) {
            assertThat(bar.getSize().getWidth()).as(figure + " bar drawn").isPositive();
            assertThat(bar.getSize().getHeight()).as(figure + " bar drawn").isPositive();
            bars.put(bar.getDomAttribute("data-label"), Long.parseLong(bar.getDomAttribute("data-value")));
        }
        return bars;
    }
}
