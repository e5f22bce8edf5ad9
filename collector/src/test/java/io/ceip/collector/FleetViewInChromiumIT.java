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
import java.util.ArrayList;
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
 * chart is drawn (its bars have a size) and its numbers are those fed, so are the tables' (top errors, duration
 * percentiles, usage counts of each installation's latest report); markup from a report (an OS, a feature, an
 * exception type, an operation, a usage key) stays text.
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
        for (String program : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
            assertThat(Path.of(program)).as(program + " is missing: this test drives a real Chromium, which the build"
                    + " installs before the integration tests (src/test/browser/install-chromium.sh)").isExecutable();
        }
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
        assertThat(charts).hasSize(8);
        assertThat(bars("product-versions")).isEqualTo(SimulatedFleet.VERSION_BARS);
        assertThat(bars("operating-systems")).isEqualTo(SimulatedFleet.OPERATING_SYSTEMS);
        assertThat(bars("java-versions")).isEqualTo(SimulatedFleet.JAVA_VERSIONS);
        assertThat(bars("database-vendors")).isEqualTo(SimulatedFleet.DATABASE_VENDORS);
        assertThat(bars("consent-levels")).isEqualTo(SimulatedFleet.CONSENT_LEVELS);
        assertThat(bars("active-installations")).isEqualTo(SimulatedFleet.activeToday());
        assertThat(browser.findElement(By.id("operating-systems")).getText()).contains(SimulatedFleet.MARKUP_OS);
        WebElement quarantine = browser.findElement(By.cssSelector("#quarantine p.quarantine"));
        assertThat(quarantine.isDisplayed()).isTrue();
        assertThat(quarantine.getText()).isEqualTo("0 of at most 1000");
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
    }

    @Test
    void theFiguresOfTheEventsShowWhatTheReportsSent() {
        browser.get("https://vendor:" + FLEET_TOKEN + "@" + collector.uri("/fleet").getAuthority() + "/fleet");

        Map<String, Map<String, Long>> uses = new HashMap<>();
        for (WebElement bar : drawn("svg[data-figure='feature-use'] rect")) {
            uses.computeIfAbsent(bar.getDomAttribute("data-label"), k -> new HashMap<>())
                    .put(bar.getDomAttribute("data-bucket"), Long.parseLong(bar.getDomAttribute("data-value")));
        }
        assertThat(uses).isEqualTo(SimulatedFleet.featureUses());
        assertThat(browser.findElement(By.id("feature-use")).getText()).contains("28 uses, 3 installations",
                SimulatedFleet.MARKUP_FEATURE);

        assertThat(cells("top-errors")).isEqualTo(strings(SimulatedFleet.ERRORS));
        assertThat(browser.findElement(By.id("top-errors")).getText()).contains(SimulatedFleet.MARKUP_EXCEPTION);

        assertThat(cells("operation-durations")).isEqualTo(strings(SimulatedFleet.DURATIONS));
        Map<String, String> percentiles = new HashMap<>();
        for (WebElement bar : drawn("svg[data-figure='operation-durations'] rect")) {
            percentiles.put(bar.getDomAttribute("data-label") + " " + bar.getDomAttribute("data-percentile"),
                    bar.getDomAttribute("data-value"));
        }
        assertThat(percentiles).isEqualTo(Map.of("deploy p50", "200", "deploy p90", "300", "deploy p99", "480",
                SimulatedFleet.MARKUP_OPERATION + " p50", "10", SimulatedFleet.MARKUP_OPERATION + " p90", "20",
                SimulatedFleet.MARKUP_OPERATION + " p99", "30"));
        assertThat(browser.findElement(By.id("operation-durations")).getText()).contains("weighted by their runs",
                SimulatedFleet.MARKUP_OPERATION);

        assertThat(cells("usage")).as("each installation's latest report").isEqualTo(strings(SimulatedFleet.USAGE));
        Map<String, Long> reporting = new HashMap<>();
        for (WebElement bar : drawn("table[data-figure='usage'] rect")) {
            reporting.merge(bar.getDomAttribute("data-label"), Long.parseLong(bar.getDomAttribute("data-value")),
                    Long::sum);
        }
        assertThat(reporting).isEqualTo(Map.of("hosts", 12L, SimulatedFleet.MARKUP_USAGE_KEY, 1L, "exports", 3L));
        assertThat(browser.findElement(By.id("usage")).getText()).contains(SimulatedFleet.MARKUP_USAGE_KEY);
        for (String injected : List.of("script", "img", "b")) {
            assertThat(browser.findElements(By.tagName(injected))).as(injected).isEmpty();
        }
    }

    /** The elements, each with a rendered size. */
    private List<WebElement> drawn(String css) {
        List<WebElement> elements = browser.findElements(By.cssSelector(css));
        for (WebElement element : elements) {
            assertThat(element.getSize().getWidth()).as(css + " drawn").isPositive();
            assertThat(element.getSize().getHeight()).as(css + " drawn").isPositive();
        }
        return elements;
    }

    /** The shown text of each cell of the figure's table, row by row. */
    private List<List<String>> cells(String figure) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("table[data-figure='" + figure + "'] tbody tr"))) {
            rows.add(row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        }
        return rows;
    }

    private static List<List<String>> strings(List<List<Object>> rows) {
        return rows.stream().map(row -> row.stream().map(String::valueOf).toList()).toList();
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
        assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSize(8);
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
