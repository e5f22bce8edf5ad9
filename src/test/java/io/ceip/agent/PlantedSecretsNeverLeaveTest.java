package io.ceip.agent;

import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PlantedSecrets;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over 200 generated secret-like values are planted in the product database (feature names, user logins and
 * e-mails, a query's extra columns and its SQL), in the configuration (product name, version and edition) and in a
 * system property; full cycles run at every consent level, with a failed delivery, a replay and a preview; then no byte
 * that left or was written holds any of them: the bodies the HTTPS server received, the dead-letter files, the
 * preview, JMX answers and the whole log at DEBUG.
 */
class PlantedSecretsNeverLeaveTest extends AgentTestSupport {

    private static final Map<String, String> SECRETS = PlantedSecrets.generate();
    private final LogCapture log = LogCapture.attach();
    private final String vendor = System.getProperty("java.vendor");

    @Override
    protected Properties overrides() {
        List<String> values = PlantedSecrets.values(SECRETS);
        database().execute("CREATE TABLE plant (id INT PRIMARY KEY, secret VARCHAR(1000))");
        for (int i = 0; i < values.size(); i++) {
            database().execute("INSERT INTO plant VALUES (" + i + ", '" + values.get(i) + "')",
                    "INSERT INTO ui_event VALUES (" + (1000 + i) + ", '" + values.get(i) + "', CURRENT_TIMESTAMP)",
                    "INSERT INTO app_user VALUES (" + (1000 + i) + ", '" + values.get(i) + "', '" + values.get(i) + "')");
        }
        Properties properties = new Properties();
        properties.setProperty("ceip.collect.queries-file", "src/test/resources/queries/planted.yaml");
        properties.setProperty("ceip.product.name", values.get(0));
        properties.setProperty("ceip.product.edition", values.get(4));
        // the database's values no longer reach the detectors (the typed rule fails those queries): a configured
        // value still must be redacted, high-entropy included
        properties.setProperty("ceip.product.version", values.get(9));
        System.setProperty("java.vendor", "Vendor " + values.get(7));
        return properties;
    }

    @AfterEach
    void restore() {
        System.setProperty("java.vendor", vendor);
        log.close();
    }

    @Test
    void noPlantedValueLeavesOrIsWrittenAtAnyConsentLevel() throws Exception {
        assertThat(SECRETS).hasSizeGreaterThanOrEqualTo(200);
        List<String> outputs = new ArrayList<>();
        ConsentPolicy consent = context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class);
        AgentManagement jmx = context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class);

        for (ConsentLevel level : ConsentLevel.values()) {
            consent.set(level);
            outputs.add(context.getRegistry().lookupByNameAndType("reportPreview", ReportPreview.class).preview());
            outputs.add(jmx.preview());
            server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503),
                    Reply.status(401, "token rejected: " + SECRETS.values().iterator().next()));
            runReportCycle();
            outputs.addAll(storeContents());
            outputs.add(jmx.sendNow());
            outputs.add(jmx.getLastStatus() + jmx.getConsentSource());
            replayDeadLetters();
            outputs.addAll(storeContents());
        }
        for (Received request : server().received()) {
            outputs.add(request.json());
            outputs.add(request.headers().toString());
        }
        outputs.add(log.all());

        String everything = String.join("\n", outputs);
        List<String> leaked = SECRETS.entrySet().stream()
                .filter(secret -> everything.contains(secret.getValue())
                        || secret.getValue().contains("\n") && everything.contains(secret.getValue().split("\n")[1]))
                .map(Map.Entry::getKey).toList();
        assertThat(server().received()).as("full and basic cycles were delivered").hasSizeGreaterThanOrEqualTo(10);
        assertThat(everything).contains("[REDACTED:email]", "[REDACTED:jdbc-url]", "[REDACTED:high-entropy]");
        assertThat(leaked).as("planted values found in output").isEmpty();
        for (String nearMiss : List.of(System.getProperty("java.version"), "Vendor")) {
            assertThat(everything).as("near miss kept").contains(nearMiss);
        }
        String installationId = jmx.getInstallationId();
        assertThat(server().received()).extracting(r -> parse(r.json()).get("installationId").asText())
                .containsOnly(installationId);
    }

    private List<String> storeContents() throws Exception {
        List<String> contents = new ArrayList<>();
        Path store = dataDirectory().resolve("dead-letter");
        if (!Files.isDirectory(store)) {
            return contents;
        }
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.toList()) {
                byte[] bytes = Files.readAllBytes(file);
                contents.add(new String(file.toString().endsWith(".gz") ? GzipDataFormat.gunzip(bytes) : bytes,
                        StandardCharsets.UTF_8));
            }
        }
        return contents;
    }
}
