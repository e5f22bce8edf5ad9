package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.delivery.GzipDataFormat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preview --raw --destination customer} writes the exact gzip body the customer's own endpoint would be sent:
 * the report at the lower of the consent and the destination's ceiling, as {@code preview --destination customer}
 * shows it in JSON. It wrote the vendor's body (at {@code full}: features, errors, durations, licence) whatever the
 * destination. A destination that is not on is refused on stderr, exit code 2: it was a line on stdout, exit code 0,
 * in place of the report a script asked for.
 */
class PreviewRawForTheCustomerDestinationTest {

    private static final String REPORT_ID = "11111111-2222-3333-4444-555555555555";
    private static final String GENERATED_AT = "2026-12-06T09:00:00Z";

    @TempDir
    Path dir;

    @BeforeEach
    void fullConsentAndACustomerDestinationAtBasic() throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.database.url=jdbc:h2:mem:raw-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.consent.default=full", "ceip.customer-endpoint.enabled=true",
                "ceip.customer-endpoint.url=https://customer.example:8443/in",
                "ceip.customer-endpoint.consent-ceiling=basic", ""));
        System.setProperty("ceip.config", config.toString());
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(Files.createFile(data.resolve("installation-id"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), UUID.randomUUID() + "\n");
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void theRawBodyIsTheCustomersCopy() throws Exception {
        JsonNode json = new ObjectMapper().readTree(run("preview", "--destination", "customer", "--report-id",
                REPORT_ID, "--generated-at", GENERATED_AT).out());
        JsonNode raw = new ObjectMapper().readTree(GzipDataFormat.gunzip(rawPreview("--destination", "customer")));

        assertThat(json.path("consentLevel").asText()).isEqualTo("basic");
        assertThat(raw.path("consentLevel").asText()).isEqualTo("basic");
        assertThat(raw.has("features") || raw.has("licence") || raw.has("errors")).isFalse();
        assertThat(raw).isEqualTo(json);
        assertThat(new ObjectMapper().readTree(GzipDataFormat.gunzip(rawPreview())).path("consentLevel").asText())
                .as("the vendor's").isEqualTo("full");
    }

    @Test
    void aDestinationThatIsNotOnIsRefusedOnStderr() {
        Result result = run("preview", "--destination", "elsewhere");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).doesNotContain("No destination");
        assertThat(result.errLines()).singleElement().asString().startsWith("ceip-agent: No destination 'elsewhere'");
    }

    private static byte[] rawPreview(String... destination) {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true));
        try {
            String[] args = new String[destination.length + 6];
            System.arraycopy(new String[] { "preview", "--raw", "--report-id", REPORT_ID, "--generated-at",
                    GENERATED_AT }, 0, args, 0, 6);
            System.arraycopy(destination, 0, args, 6, destination.length);
            assertThat(AgentCommand.execute(args)).isZero();
        } finally {
            System.setOut(out);
            System.clearProperty("ceip.log.target");
            System.clearProperty("ceip.log.level");
        }
        return bytes.toByteArray();
    }
}
