package io.ceip.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configuration is strict: an unknown or repeated key, an unknown {@code CEIP_*} variable and a value out of its
 * type or range are each one line naming the key and where it was set (file and line, variable, override, default);
 * a secret's value is never in it.
 */
class ConfigurationCheckRefusesBadConfigTest {

    private static final SettingCatalog CATALOG = SettingCatalog.embedded();

    @TempDir
    Path dir;

    /** The file's values over the embedded defaults, the environment over both (as Camel resolves them). */
    private List<String> problems(String fileText, Map<String, String> environment) throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), fileText);
        Properties values = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            values.load(reader);
        }
        Map<String, String> resolved = new HashMap<>();
        CATALOG.all().forEach(d -> resolved.put(d.key(), d.defaultValue()));
        values.stringPropertyNames().forEach(key -> resolved.put(key, values.getProperty(key)));
        CATALOG.all().stream().filter(d -> environment.containsKey(d.environmentVariable()))
                .forEach(d -> resolved.put(d.key(), environment.get(d.environmentVariable())));
        return new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)), environment, Map.of(), Map.of(),
                key -> Optional.ofNullable(resolved.get(key))).problems();
    }

    @Test
    void theShippedConfigurationAndTheDefaultsPass() throws Exception {
        assertThat(problems(Files.readString(Path.of("config/application.properties")), Map.of())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "typo             | ceip.retry.max-redeliverys=3      | :2: unknown setting ceip.retry.max-redeliverys (did you mean ceip.retry.max-redeliveries?)",
            "unbounded retry  | ceip.retry.max-redeliveries=-1    | :2: ceip.retry.max-redeliveries '-1' is out of range 0..20",
            "many retries     | ceip.retry.max-redeliveries=1000000 | :2: ceip.retry.max-redeliveries '1000000' is out of range 0..20",
            "NaN              | ceip.retry.multiplier=NaN         | :2: ceip.retry.multiplier 'NaN' is not a decimal number",
            "Infinity         | ceip.retry.multiplier=Infinity    | :2: ceip.retry.multiplier 'Infinity' is not a decimal number",
            "Java suffix      | ceip.retry.multiplier=2d          | :2: ceip.retry.multiplier '2d' is not a decimal number",
            "below range      | ceip.retry.multiplier=0.5         | :2: ceip.retry.multiplier '0.5' is out of range 1..10",
            "negative count   | ceip.dead-letter.max-entries=-5   | :2: ceip.dead-letter.max-entries '-5' is out of range 1..100000",
            "port zero        | ceip.proxy.port=0                 | :2: ceip.proxy.port '0' is out of range 1..65535",
            "port too big     | ceip.jmx.remote.port=70000        | :2: ceip.jmx.remote.port '70000' is out of range 1..65535",
            "overflow         | ceip.collect.max-rows=99999999999999999999 | :2: ceip.collect.max-rows '99999999999999999999' is not a whole number",
            "negative time    | ceip.collect.budget=PT-5S         | :2: ceip.collect.budget 'PT-5S' is out of range PT1S..PT1H",
            "huge time        | ceip.retry.max-delay=P3650D       | :2: ceip.retry.max-delay 'P3650D' is out of range PT0.001S..P1D",
            "not a time       | ceip.collect.budget=soon          | :2: ceip.collect.budget 'soon' is not a duration (PT30S, or milliseconds)",
            "millis as ISO    | ceip.dead-letter.replay-period=PT10M | :2: ceip.dead-letter.replay-period 'PT10M' is not a whole number",
            "bad choice       | ceip.consent.default=maybe        | :2: ceip.consent.default 'maybe' is not one of off, basic, full",
            "bad boolean      | ceip.schedule.enabled=yes         | :2: ceip.schedule.enabled 'yes' is not true or false",
            "bad cron         | ceip.schedule.cron=0 0 25 * * ?   | :2: ceip.schedule.cron '0 0 25 * * ?' is not a Quartz cron expression",
            "cron in the past | ceip.schedule.cron=0 0 3 * * ? 2020 | :2: ceip.schedule.cron '0 0 3 * * ? 2020' never fires (no time from now on matches it)",
            "cron on 31 Feb   | ceip.schedule.cron=0 0 3 31 2 ?   | :2: ceip.schedule.cron '0 0 3 31 2 ?' never fires (no time from now on matches it)",
            "empty required   | ceip.endpoint.url=                | :2: ceip.endpoint.url must not be empty",
            "comment after url  | ceip.endpoint.url=https://localhost:18443/v1/reports   # production: https://x.example/v1/reports | :2: ceip.endpoint.url has a '#' after a space: in a .properties file a comment is a line of its own",
            "comment after path | ceip.endpoint.trust-store=collector/data/tls/collector.pem   # its certificate | :2: ceip.endpoint.trust-store has a '#' after a space: in a .properties file a comment is a line of its own",
            "space in url       | ceip.endpoint.url=https://localhost:18443/v1/ reports | :2: ceip.endpoint.url holds a space",
            "C1 line end        | ceip.cluster.node-id=node-1\u0085INFO forged | :2: ceip.cluster.node-id holds a control character",
            "C1 escape          | ceip.product.name=Demo\u009b31m | :2: ceip.product.name holds a control character",
            "line separator     | ceip.cluster.node-id=node-1\u2028INFO forged | :2: ceip.cluster.node-id holds a line or paragraph separator",
            "paragraph sep.     | ceip.product.edition=x\u2029y | :2: ceip.product.edition holds a line or paragraph separator",
    })
    void aBadLineIsNamedWithItsFileAndLine(String name, String line, String expected) throws Exception {
        List<String> problems = problems("# my settings\n" + line + "\n", Map.of());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(dir.resolve("application.properties") + expected);
    }

    /** Camel reads the file as UTF-8, as the check does: a file saved as ISO-8859-1 would be read garbled. */
    @Test
    void aFileThatIsNotUtf8IsRefused() throws Exception {
        Path file = Files.write(dir.resolve("application.properties"),
                "ceip.product.name=\u00dcberwachung\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ConfigurationText.read(file))
                .hasMessage(file + ": is not UTF-8 text; save the file as UTF-8");
    }

    @Test
    void aKeySetTwiceIsNamedWithBothLines() throws Exception {
        List<String> problems = problems("ceip.consent.default=off\n\n# later\nceip.consent.default=full\n", Map.of());
        assertThat(problems).containsExactly(dir.resolve("application.properties")
                + ":4: ceip.consent.default is set twice (also at " + dir.resolve("application.properties") + ":1)");
    }

    /**
     * Camel reads a key's escapes as {@code Properties} does: a key whose first letter was written as a unicode escape
     * raised the consent the line above sets to off, unseen by the check, and an unknown key written so passed.
     */
    @Test
    void aKeyWrittenWithEscapesIsTheSettingItNames() throws Exception {
        Path file = dir.resolve("application.properties");
        List<String> problems = problems("ceip.consent.default=off\n\\u0063eip.consent.default=full\n"
                + "ceip.retry\\.max-delays=5\n", Map.of());
        assertThat(problems).containsExactly(file + ":2: ceip.consent.default is set twice (also at " + file + ":1)",
                file + ":3: unknown setting ceip.retry.max-delays (did you mean ceip.retry.max-delay?)");
    }

    @Test
    void aContinuedLineIsNamedByTheLineItStartsOn() throws Exception {
        List<String> problems = problems("ceip.product.name=Demo \\\n    Monitoring\nceip.retry.max-redeliveries \\\n = 99\n",
                Map.of());
        assertThat(problems).containsExactly(dir.resolve("application.properties")
                + ":3: ceip.retry.max-redeliveries '99' is out of range 0..20");
    }

    @Test
    void theEnvironmentIsCheckedToo() throws Exception {
        List<String> problems = problems("", Map.of("CEIP_RETRY_MAX_DELAYS", "1", "CEIP_RETRY_MULTIPLIER", "NaN",
                "CEIP_CONFIG", "x", "CEIP_DISABLED", "true", "OTHER_THING", "1"));
        assertThat(problems).containsExactly(
                "environment variable CEIP_RETRY_MAX_DELAYS: no such setting (did you mean CEIP_RETRY_MAX_DELAY?)",
                "environment variable CEIP_RETRY_MULTIPLIER: ceip.retry.multiplier 'NaN' is not a decimal number");
    }

    /** A vendor trying the agent beside its collector exports the collector's tokens in the same shell. */
    @Test
    void theCollectorsVariablesAreNotTheAgentsButTheirNeighboursAreChecked() throws Exception {
        List<String> problems = problems("", Map.of("CEIP_COLLECTOR_FLEET_TOKEN", "fleet-view-token-16+",
                "CEIP_COLLECTOR_TOKEN_ACME_INVOICING", "product-token", "CEIP_COLLECTOR_TOKEN_", "x",
                "CEIP_COLLECTOR_PROT", "18443", "CEIP_COLLECTOR_FLEET_TOKENS", "x"));
        assertThat(problems).containsExactly(
                "environment variable CEIP_COLLECTOR_FLEET_TOKENS: no such setting (did you mean"
                        + " CEIP_COLLECTOR_DIRECTORY?)",
                "environment variable CEIP_COLLECTOR_PROT: no such setting (did you mean CEIP_COLLECTOR_PORT?)");
    }

    @Test
    void aSecretOrATextValueIsNeverShown() throws Exception {
        List<String> problems = problems("ceip.database.password=hunter2\u0007bell\n"
                + "ceip.database.url=jdbc:postgresql://db/x?password=s3c\u0001ret\n", Map.of());
        assertThat(problems).containsExactlyInAnyOrder(
                dir.resolve("application.properties") + ":1: ceip.database.password holds a control character",
                dir.resolve("application.properties") + ":2: ceip.database.url holds a control character");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2").doesNotContain("s3c");
    }

    /**
     * A value every report carries, written with a placeholder, may not resolve to a secret's value (whatever the
     * route: a key, the variable the secret is read from); written out, it is the administrator's own text.
     */
    @Test
    void aReportedValueThatAPlaceholderMakesHoldASecretIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.endpoint.token=T0k3n-4711-secret\n"
                + "ceip.product.name=Demo {{ceip.endpoint.token}}\nceip.database.password={{env:DB_PASSWORD}}\n"
                + "ceip.product.edition={{env:EDITION}}\nceip.proxy.user={{env:DB_PASSWORD}}\n");
        Map<String, String> resolved = new HashMap<>();
        CATALOG.all().forEach(d -> resolved.put(d.key(), d.defaultValue()));
        resolved.putAll(Map.of("ceip.endpoint.token", "T0k3n-4711-secret", "ceip.product.name",
                "Demo T0k3n-4711-secret", "ceip.database.password", "hunter2-db", "ceip.product.edition",
                "hunter2-db", "ceip.proxy.user", "hunter2-db"));

        List<String> problems = new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)), Map.of("DB_PASSWORD",
                "hunter2-db", "EDITION", "hunter2-db"), Map.of(), Map.of(),
                key -> Optional.ofNullable(resolved.get(key))).problems();

        assertThat(problems).containsExactly(
                file + ":2: ceip.product.name, once resolved, holds the value of ceip.endpoint.token, a secret, and"
                        + " every report carries ceip.product.name; take it from elsewhere",
                file + ":4: ceip.product.edition, once resolved, holds the value of ceip.database.password, a secret,"
                        + " and every report carries ceip.product.edition; take it from elsewhere",
                file + ":2: ceip.product.name names ceip.endpoint.token, a secret, in a placeholder: its value is"
                        + " logged or shown (preview, status); take it from elsewhere",
                file + ":5: ceip.proxy.user names the variable DB_PASSWORD, which the secret ceip.database.password is"
                        + " read from, in a placeholder: its value is logged or shown (preview, status); take it from"
                        + " elsewhere");
        assertThat(String.join("\n", problems)).doesNotContain("T0k3n").doesNotContain("hunter2");
        assertThat(problems("ceip.database.user=sa\nceip.database.password=sa\nceip.product.name=Kasa\n", Map.of()))
                .isEmpty();
    }

    /**
     * A setting that is not a secret never names one in a placeholder, whatever the values (a cluster node's name is
     * logged): a secret's key, its environment variable, or the variable a secret is read from, in a JDBC URL too (the
     * password has a setting of its own); a secret may name another, and other settings stay free.
     */
    @Test
    void aSettingThatIsNoSecretNamingASecretInAPlaceholderIsRefused() throws Exception {
        Map<String, String> environment = Map.of("PRODUCT_DB_PASSWORD", "hunter2", "HOSTNAME", "db-host",
                "CEIP_ENDPOINT_TOKEN", "t0ken-4711");
        String secrets = "ceip.database.password={{env:product-db.password}}\n";

        assertThat(problems(secrets + "ceip.cluster.node-id={{ceip.database.password}}\n", environment))
                .containsExactly(dir.resolve("application.properties") + ":2: ceip.cluster.node-id names"
                        + " ceip.database.password, a secret, in a placeholder: its value is logged or shown (preview,"
                        + " status); take it from elsewhere");
        assertThat(problems(secrets + "ceip.cluster.node-id=node-{{env:PRODUCT_DB_PASSWORD:x}}\n", environment))
                .singleElement().asString().contains("names the variable PRODUCT_DB_PASSWORD, which the secret"
                        + " ceip.database.password is read from");
        assertThat(problems(secrets + "ceip.cluster.node-id={{env:CEIP_ENDPOINT_TOKEN}}\n", environment))
                .singleElement().asString().contains("names the variable CEIP_ENDPOINT_TOKEN, which the secret"
                        + " ceip.endpoint.token is read from");
        assertThat(problems(secrets + "ceip.database.url=jdbc:postgresql://db/p?password={{ceip.database.password}}\n",
                environment)).singleElement().asString().contains(":2: ceip.database.url names ceip.database.password,"
                        + " a secret, in a placeholder");
        assertThat(problems(secrets + "ceip.cluster.node-id={{env:HOSTNAME}}\nceip.cluster.database.user="
                + "{{ceip.database.user}}\nceip.proxy.password={{ceip.database.password}}\n", environment)).isEmpty();
    }

    @Test
    void anUnsetEnvironmentVariableInAPlaceholderIsNamed() throws Exception {
        List<String> problems = problems("ceip.database.password={{env:PRODUCT_DB_PASSWORD}}\n"
                + "ceip.proxy.password={{env:PROXY_PASSWORD:}}\nceip.proxy.user={{env:PROXY_USER}}\n",
                Map.of("PROXY_USER", "agent"));
        assertThat(problems).containsExactly(dir.resolve("application.properties") + ":1: ceip.database.password"
                + " needs the environment variable PRODUCT_DB_PASSWORD, which is not set");
    }

    /**
     * {@code {{env:edition}}} is read by Camel from {@code EDITION}, never from {@code edition}: with only the
     * lower-case variable set, the value was silently empty; with {@code EDITION} set, the check refused it.
     */
    @Test
    void anEnvironmentPlaceholderIsLookedUpAsCamelDoes() throws Exception {
        String line = "ceip.product.edition={{env:edition}}\nceip.database.password={{env:product-db.password}}\n";

        assertThat(problems(line, Map.of("edition", "enterprise", "product-db.password", "x"))).containsExactly(
                dir.resolve("application.properties") + ":1: ceip.product.edition needs the environment variable"
                        + " EDITION (Camel reads {{env:edition}} from it), which is not set",
                dir.resolve("application.properties") + ":2: ceip.database.password needs the environment variable"
                        + " PRODUCT_DB_PASSWORD (Camel reads {{env:product-db.password}} from it), which is not set");
        assertThat(problems(line, Map.of("EDITION", "enterprise", "PRODUCT_DB_PASSWORD", "x"))).isEmpty();
    }

    /** The check finds a variable exactly when Camel's own lookup does, for names as written in many ways. */
    @Test
    void theCheckAndCamelFindTheSameVariables() {
        Map<String, String> environment = System.getenv();
        List<String> names = new java.util.ArrayList<>(List.of("edition", "Edition", "no-such.variable-4711",
                "productDbPassword"));
        environment.keySet().stream().limit(50).forEach(name -> names.addAll(List.of(name,
                name.toLowerCase(java.util.Locale.ROOT), name.replace('_', '-'), name.toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '.'))));

        assertThat(names).allSatisfy(name -> assertThat(EnvironmentNames.lookup(name, environment).isPresent())
                .as("{{env:%s}}", name)
                .isEqualTo(org.apache.camel.util.IOHelper.lookupEnvironmentVariable(name) != null));
    }

    @Test
    void anOversizedFileIsRefusedUnread() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "#" + "x".repeat((int) ConfigurationFile.MAX_BYTES) + "\n");
        assertThatThrownBy(() -> ConfigurationText.read(file)).hasMessage(file + ": larger than 1048576 bytes;"
                + " not a configuration file");
    }

    /**
     * A number setting whose placeholder names a secret (a swapped line) is quoted as written: what the placeholder
     * resolves to (the proxy's password, the endpoint's token) is never in the message.
     */
    @Test
    void aPlaceholderIsQuotedAsWrittenNeverAsItResolves() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.proxy.port={{env:PROXY_PASSWORD}}\n"
                + "ceip.endpoint.token=T0p-s3cret\nceip.retry.max-redeliveries= {{ceip.endpoint.token}}\n");
        Map<String, String> resolved = Map.of("ceip.proxy.port", "S3cr3t-Proxy-Pw", "ceip.endpoint.token", "T0p-s3cret",
                "ceip.retry.max-redeliveries", "T0p-s3cret", "ceip.retry.multiplier", "P4ss");

        ConfigurationCheck.Outcome outcome = new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)),
                Map.of("PROXY_PASSWORD", "S3cr3t-Proxy-Pw"), Map.of("ceip.retry.multiplier", "{{env:PROXY_PASSWORD}}"),
                Map.of(), key -> Optional.ofNullable(resolved.get(key))
                        .or(() -> CATALOG.find(key).map(SettingDefinition::defaultValue)));

        assertThat(outcome.problems()).containsExactly(
                file + ":1: ceip.proxy.port '{{env:PROXY_PASSWORD}}', once resolved, is not a whole number",
                file + ":3: ceip.retry.max-redeliveries '{{ceip.endpoint.token}}', once resolved, is not a whole"
                        + " number",
                "system property ceip.retry.multiplier: ceip.retry.multiplier '{{env:PROXY_PASSWORD}}', once resolved,"
                        + " is not a decimal number",
                file + ":3: ceip.retry.max-redeliveries names ceip.endpoint.token, a secret, in a placeholder: its value"
                        + " is logged or shown (preview, status); take it from elsewhere");
        assertThat(outcome.placeholders()).containsEntry("ceip.proxy.port", "{{env:PROXY_PASSWORD}}")
                .containsEntry("ceip.retry.max-redeliveries", "{{ceip.endpoint.token}}");
    }

    @Test
    void anUnresolvablePlaceholderIsNamedWithoutTheSecret() {
        assertThatThrownBy(() -> new ConfigurationCheck(CATALOG).verify(Optional.empty(), Map.of(), Map.of(),
                Map.of("ceip.database.password", "{{env:DB_PASS}}", "ceip.retry.multiplier", "Infinity"), key -> {
                    if (key.equals("ceip.database.password")) {
                        throw new IllegalArgumentException("Cannot find system environment with key: DB_PASS");
                    }
                    return Optional.of(key.equals("ceip.retry.multiplier") ? "Infinity"
                            : CATALOG.find(key).orElseThrow().defaultValue());
                }))
                .hasMessage("override: ceip.database.password cannot be resolved (IllegalArgumentException)"
                        + " (and 1 more)");
    }

    @Test
    void everyDefaultIsAValueOfItsOwnType() {
        assertThat(CATALOG.all()).hasSizeGreaterThan(60).allSatisfy(definition ->
                assertThat(definition.type().problem(definition.defaultValue().contains("{{") ? "x"
                        : definition.defaultValue())).as(definition.key()).isEmpty());
    }
}
