package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.RedactionRules;
import io.ceip.agent.privacy.RedactionRulesFile;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PlantedSecrets;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values that no redaction pattern recognises (short passwords, plain words, internal host names, customer names,
 * logins: {@link PlantedSecrets#unrecognisable()}) are planted in every text column of every table the shipped
 * queries ({@code config/usage-queries.yaml}) and the example queries ({@code queries/unrecognisable.yaml}: one
 * value, undeclared keys, text beside or instead of a count, pseudonymised keys) read. Cycles run at every consent
 * level, with failed deliveries (dead letters), a rejection, a replay and previews; then none of the values is in
 * any request body or header the HTTPS server received, any file under the data directory (dead letters, ledger,
 * state), the previews, the JMX answers or the log at INFO. Only the typed rule stands between them and the report:
 * the redaction rules are checked to leave each of them as it is.
 */
class UnrecognisablePlantedValuesNeverLeaveTest extends AgentTestSupport {

    private static final Map<String, String> VALUES = PlantedSecrets.unrecognisable();
    private static final List<String> COLUMNS = List.of("host.name", "host.address", "service.name", "host_group.name",
            "service_group.name", "app_user.login", "app_user.email", "ui_event.feature", "plant.secret");
    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        List<String> values = PlantedSecrets.values(VALUES);
        database().execute("CREATE TABLE plant (id INT PRIMARY KEY, secret VARCHAR(1000))");
        for (int i = 0; i < values.size(); i++) {
            String v = "'" + values.get(i) + "'";
            int id = 1000 + i;
            database().execute("INSERT INTO host VALUES (" + id + ", " + v + ", " + v + ")",
                    "INSERT INTO service VALUES (" + id + ", " + v + ")",
                    "INSERT INTO host_group VALUES (" + id + ", " + v + ")",
                    "INSERT INTO service_group VALUES (" + id + ", " + v + ")",
                    "INSERT INTO app_user VALUES (" + id + ", " + v + ", " + v + ")",
                    "INSERT INTO ui_event VALUES (" + id + ", " + v + ", CURRENT_TIMESTAMP)",
                    "INSERT INTO plant VALUES (" + id + ", " + v + ")");
        }
        try {
            String shipped = Files.readString(Path.of("config/usage-queries.yaml"));
            String examples = Files.readString(Path.of("src/test/resources/queries/unrecognisable.yaml"));
            Path file = newTempDirectory().resolve("queries.yaml");
            Files.writeString(file, shipped + "\n" + examples.substring(examples.indexOf("queries:\n") + 9));
            return with("ceip.collect.queries-file", file.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void noneOfTheValuesLeavesOrIsWrittenAtAnyConsentLevel() throws Exception {
        RedactionRules rules = RedactionRulesFile.load(Path.of("config/redaction-rules.yaml"),
                new Pseudonyms(new FileStateStore(newTempDirectory())));
        assertThat(VALUES.values()).hasSize(75).allSatisfy(value -> {
            assertThat(rules.redactText(value)).as("no detector recognises it").isEqualTo(value);
            assertThat(rules.isSecretKey(value)).as("no secret-key pattern recognises it").isFalse();
        });
        List<String> outputs = new ArrayList<>();
        ConsentPolicy consent = context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class);
        AgentManagement jmx = context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class);
        for (ConsentLevel level : ConsentLevel.values()) {
            consent.set(level);
            outputs.add(context.getRegistry().lookupByNameAndType("reportPreview", ReportPreview.class).preview());
            outputs.add(jmx.preview());
            server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503),
                    Reply.status(401, "unknown customer"));
            runReportCycle();
            outputs.add(jmx.sendNow());
            replayDeadLetters();
            outputs.addAll(dataFiles());
        }
        for (Received request : server().received()) {
            outputs.add(request.json());
            outputs.add(request.headers().toString());
        }
        outputs.add(log.all());

        String everything = String.join("\n", outputs);
        List<String> found = VALUES.entrySet().stream().filter(value -> everything.contains(value.getValue()))
                .map(value -> value.getKey() + "=" + value.getValue()).toList();
        System.out.printf("%d unrecognisable values planted in %d columns (%d rows); found anywhere: %d%n",
                VALUES.size(), COLUMNS.size(), VALUES.size() * COLUMNS.size(), found.size());
        assertThat(found).as("planted values found in what left or was written").isEmpty();

        JsonNode full = server().received().stream().map(r -> parse(r.json()))
                .filter(r -> r.get("consentLevel").asText().equals("full")).findFirst().orElseThrow();
        JsonNode basic = server().received().stream().map(r -> parse(r.json()))
                .filter(r -> r.get("consentLevel").asText().equals("basic")).findFirst().orElseThrow();
        assertThat(basic.at("/usage/hosts").asLong()).as("counts still sent").isEqualTo(7 + VALUES.size());
        assertThat(failures(basic)).containsExactly("query:host-name not-a-number",
                "query:host-addresses undeclared-key", "query:service-group-name not-a-number",
                "query:users-and-a-login not-a-number", "query:planted-rows undeclared-key",
                "query:planted-missing-table undefined-object");
        assertThat(failures(full)).contains("query:ui-actions undeclared-key", "query:service-names undeclared-key",
                "query:user-logins undeclared-key", "query:features-in-the-count not-a-number");
        for (String pseudonymised : List.of("dashboards-per-owner", "host-groups-by-name", "users-by-email")) {
            JsonNode counts = full.at("/features/counts/" + pseudonymised);
            assertThat(counts.size()).as(pseudonymised).isPositive();
            counts.fieldNames().forEachRemaining(key -> assertThat(key).matches("p:[0-9a-f]{16}"));
        }
        assertThat(full.at("/features/counts/host-groups-by-name").size()).isEqualTo(1 + VALUES.size());
    }

    private static List<String> failures(JsonNode report) {
        List<String> failures = new ArrayList<>();
        report.get("failures").forEach(f -> failures.add(f.get("source").asText() + " " + f.get("reason").asText()));
        return failures;
    }
}
