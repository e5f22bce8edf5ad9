package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.schedule.ScheduleOffset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What an administrator types, answered as {@link AgentCommand#execute} answers it (its stdout, stderr and exit
 * code): a refused start or command is one line on stderr naming what is wrong and where, with a non-zero exit;
 * {@code status} and {@code consent} read the settings the agent's way (a bad setting is the start's line) and print
 * their own output only.
 */
class OneShotCommandsAnswerInOneLineTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
        System.clearProperty("ceip.retry.multiplier");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad cron     | ceip.schedule.cron=0 0 3 * * X | :2: ceip.schedule.cron '0 0 3 * * X' is not a Quartz cron expression (Illegal cron expression format",
            "bad URL      | ceip.endpoint.url=https://user:pw@collector.example/v1 | ceip.endpoint.url: 'https://collector.example/v1' has user info: the endpoint is scheme, host, port and path only",
            "bad value    | ceip.retry.max-redeliveries=-1 | :2: ceip.retry.max-redeliveries '-1' is out of range 0..20",
            "unknown key  | ceip.retry.max-delays=5 | :2: unknown setting ceip.retry.max-delays (did you mean ceip.retry.max-delay?)",
            "missing file | ceip.collect.queries-file=/nonexistent/queries.yaml | ceip-agent: ceip.collect.queries-file /nonexistent/queries.yaml cannot be read (it does not exist)",
            "missing rules | ceip.redaction.rules-file=/nonexistent/rules.yaml | ceip-agent: ceip.redaction.rules-file /nonexistent/rules.yaml cannot be read (it does not exist)",
    })
    void aRefusedStartIsOneLineNamingWhatAndWhere(String name, String setting, String message) throws Exception {
        Path config = config(setting);

        Result result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("ceip-agent: ").contains(message).doesNotContain("\tat ")
                .doesNotContain("pw@");
        if (message.startsWith(":")) {
            assertThat(result.err()).contains(config + message);
        }
    }

    /** A refusal quoting a huge value from a file is cut (a 2,000,000-character query name made a 2 MB line; files are at most 1 MiB now). */
    @Test
    void aRefusalQuotingAHugeValueIsCut() throws Exception {
        Path queries = Files.writeString(dir.resolve("huge-queries.yaml"), "queries:\n  - name: " + "A".repeat(900_000)
                + "!\n    sql: SELECT 1\n");
        config("ceip.collect.queries-file=" + queries);

        Result result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run("preview"));

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().startsWith("ceip-agent: " + queries)
                .endsWith(" more characters)").hasSizeLessThan(1_100);
    }

    /** A byte order mark made Camel read the first key with it: that setting silently fell back to its default. */
    @Test
    void aConfigurationFileWithAByteOrderMarkIsRefusedInOneLine() throws Exception {
        Path config = config("ceip.consent.default=off");
        Files.writeString(config, "\uFEFF" + Files.readString(config));

        Result result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run("status"));

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().contains(config + ":1: starts with a byte order"
                + " mark; save the file as UTF-8 without it");
    }

    /** A bad value from the JVM's options ({@code CEIP_JAVA_OPTS}) was named as the file's line of that key. */
    @Test
    void aBadSystemPropertyIsNamedAsSuch() throws Exception {
        config("ceip.retry.multiplier=2");
        System.setProperty("ceip.retry.multiplier", "abc");

        Result result = run("status");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("ceip-agent: system property ceip.retry.multiplier:"
                + " ceip.retry.multiplier 'abc' is not a decimal number");
    }

    /** A number setting whose placeholder names the endpoint's token (a swapped line) printed the token. */
    @Test
    void aRefusalNeverShowsWhatAPlaceholderResolvesTo() throws Exception {
        Path config = config("ceip.endpoint.token=T0p-s3cret-collector-token-4711\n"
                + "ceip.proxy.port={{ceip.endpoint.token}}");

        Result result = run("status");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("ceip-agent: " + config + ":3: ceip.proxy.port"
                + " '{{ceip.endpoint.token}}', once resolved, is not a whole number (and 1 more)");
    }

    /**
     * Two variables not set: the line counted 4 more problems where there was 1 (a vendor's newcomer run): each
     * setting whose value leads to an unset variable (a secret's default naming the other, the cluster's database
     * password naming the product's) failed again as "cannot be resolved". Now only the file's lines count.
     */
    @Test
    void twoUnsetVariablesAreTwoProblemsNotFive() throws Exception {
        Path config = config("ceip.database.password={{env:ACME_DB_READER_PASSWORD}}\n"
                + "ceip.endpoint.token={{env:ACME_COLLECTOR_TOKEN}}");

        Result result = run("status");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("ceip-agent: " + config + ":2: ceip.database.password needs"
                + " the environment variable ACME_DB_READER_PASSWORD, which is not set (and 1 more)");
    }

    /**
     * A placeholder made the product's name read the endpoint's token: every report (and the preview) carried it, under
     * any consent, whatever the redaction rules recognise.
     */
    @Test
    void aPlaceholderCarryingASecretIntoEveryReportIsRefused() throws Exception {
        Path config = config("ceip.endpoint.token=T0p-s3cret-collector-token-4711\n"
                + "ceip.product.name=Demo {{ceip.endpoint.token}}");

        Result result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run("preview"));

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).doesNotContain("T0p-s3cret");
        assertThat(result.errLines()).containsExactly("ceip-agent: " + config + ":3: ceip.product.name, once"
                + " resolved, holds the value of ceip.endpoint.token, a secret, and every report carries"
                + " ceip.product.name; take it from elsewhere (and 1 more)");
    }

    @Test
    void statusWithABadSettingSaysTheStartsOneLine() throws Exception {
        Path config = config("ceip.retry.multiplier=NaN");

        Result result = run("status");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("ceip-agent: " + config
                + ":2: ceip.retry.multiplier 'NaN' is not a decimal number");
    }

    @Test
    void statusNamesTheConfigurationFileTheScheduleWithItsNextRunAndAbsolutePaths() throws Exception {
        Path config = config(String.join("\n", "ceip.schedule.cron=0 30 2 * * ?",
                "ceip.endpoint.trust-store=collector/none.pem", "ceip.inventory.catalog-file="));
        UUID installation = UUID.randomUUID();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/installation-id"), installation.toString());
        String copy = "20261204T053221123Z-" + UUID.randomUUID() + ".json.gz";
        Files.write(Files.createDirectories(dir.resolve("data/sent")).resolve(copy), new byte[] {31, -117});
        Files.writeString(dir.resolve("data/sent/notes.txt"), "not a copy");
        List<Path> before = listing();

        Result result = run("status");

        assertThat(result.code()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("configuration:   " + config.toAbsolutePath() + "\n")
                .contains("installation ID: " + installation + "\n")
                .contains("data directory:  " + dir.resolve("data").toAbsolutePath() + "\n")
                .contains("usage queries:   " + Path.of("config/usage-queries.yaml").toAbsolutePath() + "\n")
                .contains("trust store:     " + Path.of("collector/none.pem").toAbsolutePath() + " (no such file)\n")
                .contains("database:        jdbc:h2:mem:one-shot-")
                .contains("inventory:       none (ceip.inventory.catalog-file is empty)\n")
                .contains("events catalog:  " + Path.of("config/events.yaml").toAbsolutePath() + "\n")
                .contains("sent copies:     1 (of at most 10, ceip.ledger.keep-sent) in "
                        + dir.resolve("data/sent").toAbsolutePath() + "; newest " + copy + "\n");
        String schedule = result.out().lines().filter(line -> line.startsWith("schedule:")).findFirst().orElseThrow();
        int offset = ScheduleOffset.seconds(installation);
        // the offset is the cron's minute and second, not added to them: 02:30 fires within 02:00-02:59
        assertThat(schedule).startsWith("schedule:        '" + offset % 60 + " " + offset / 60 + " 2 * * ?'"
                + " (ceip.schedule.cron '0 30 2 * * ?', its minute " + offset / 60 + " and second " + offset % 60
                + " set by this installation's offset); next run 20");
        assertThat(listing()).as("status writes nothing").isEqualTo(before);
    }

    /** Without a trust store the resident agent trusts the embedded collector's certificate while it runs one. */
    @Test
    void statusNamesTheTrustTheAgentUses() throws Exception {
        config("ceip.collector.enabled=true");
        assertThat(run("status").out()).contains("trust store:     the embedded collector's certificate"
                + " (ceip.collector.enabled=true, ceip.endpoint.trust-store is empty): "
                + dir.resolve("data/collector/tls/collector.pem").toAbsolutePath() + " (no such file)\n");

        config("");
        assertThat(run("status").out()).contains("trust store:     the JVM's (ceip.endpoint.trust-store is empty)\n");
    }

    @Test
    void statusCountsTheSpoolFilesWaitingAndNamesWhereTheCountersAre() throws Exception {
        config("ceip.events.enabled=true");
        Path spool = Files.createDirectories(dir.resolve("data/events"));
        Files.writeString(spool.resolve("a.jsonl"), "{}\n");
        Files.writeString(spool.resolve("b.jsonl"), "{}\n");
        Files.writeString(spool.resolve("c.jsonl.tmp"), "{}\n");
        Files.createDirectories(spool.resolve("d.jsonl")); // neither is a file the route reads (events review s24)
        Files.createSymbolicLink(spool.resolve("e.jsonl"), spool.resolve("a.jsonl"));

        assertThat(run("status").out()).contains("events:          2 spool file(s) waiting in "
                + spool.toAbsolutePath() + "; counters since start: JMX org.apache.camel:context=ceip-agent,"
                + "type=ceip,name=events, metrics ceip_events_*\n");
    }

    @Test
    void consentSetsTheLevelThroughThePolicyAndAuditsIt() throws Exception {
        config("ceip.consent.default=basic");

        Result result = run("consent", "off");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("Consent set to off; effective: off (from runtime-setting); reports kept for"
                + " delivery are deleted unsent by the running agent's next replay, or with no agent running by the"
                + " next send (JMX setConsent(\"off\") deletes them at once)\n");
        assertThat(result.err()).isEmpty();
        assertThat(Files.readString(dir.resolve("data/consent")).trim()).startsWith("off");
        assertThat(Files.readString(dir.resolve("data/consent-audit.log"))).as("names who ran the command")
                .contains(" -> off source=runtime-setting;by=cli:" + System.getProperty("user.name") + "\n");
        assertThat(run("status").out()).contains("consent:         off (from runtime-setting)");
        assertThat(Files.readString(dir.resolve("data/consent-level")).trim()).as("what the product reads, at once")
                .isEqualTo("off");
        assertThat(dir.resolve("data/events")).as("no spool below full").doesNotExist();
        assertThat(run("consent", "full").code()).isZero();
        assertThat(Files.readString(dir.resolve("data/consent-level")).trim()).isEqualTo("full");
        assertThat(dir.resolve("data/events")).as("the spool, for the product's first events").isDirectory();
        assertThat(Files.getPosixFilePermissions(dir.resolve("data/events")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void consentResetRemovesTheSettingAndTheDefaultDecidesAgain() throws Exception {
        config("ceip.consent.default=basic");
        assertThat(run("consent", "full").code()).isZero();

        Result result = run("consent", "reset");

        assertThat(result.out()).isEqualTo("Consent setting removed; effective: basic (from"
                + " config:ceip.consent.default)\n");
        assertThat(dir.resolve("data/consent")).doesNotExist();
        assertThat(Files.readString(dir.resolve("data/consent-audit.log")))
                .contains(" full -> basic source=config:ceip.consent.default;by=cli:" + System.getProperty("user.name"));
        assertThat(run("consent", "reset").out()).as("nothing to remove: the same answer")
                .isEqualTo(result.out());
    }

    /**
     * The {@code consent} command reads no database: where the product's own setting may decide, a {@code full} or a
     * {@code reset} is not an effective level it knows (the product may say off). It neither audits one nor tells the
     * product one (review s21 events M3: the audit said {@code off -> full} and the product was told {@code full}
     * while the product's own setting was off); an {@code off} wins over the product's setting and is decided at once.
     */
    @Test
    void consentLeavesALevelTheProductsOwnSettingMayDecideToTheAgent() throws Exception {
        config("ceip.consent.query=SELECT option_value FROM product_option");
        assertThat(run("consent", "off").code()).isZero();
        Path audit = dir.resolve("data/consent-audit.log");
        List<String> before = Files.readAllLines(audit);
        assertThat(before).singleElement().asString().endsWith(" none -> off source=runtime-setting;by=cli:"
                + System.getProperty("user.name"));
        assertThat(dir.resolve("data/consent-level")).content().isEqualTo("off\n");

        Result full = run("consent", "full");

        assertThat(full.code()).isZero();
        assertThat(full.out()).isEqualTo("Consent set to full; effective: decided by the agent with the product's own"
                + " setting (ceip.consent.query), which this command does not read\n");
        assertThat(full.err()).isEmpty();
        assertThat(Files.readAllLines(audit)).as("no level the command does not know").isEqualTo(before);
        assertThat(dir.resolve("data/consent-level")).as("still off until the agent decides").content()
                .isEqualTo("off\n");
        assertThat(Files.readString(dir.resolve("data/consent")).trim()).as("the setting is kept").startsWith("full");
        assertThat(run("consent", "reset").out()).startsWith("Consent setting removed; effective: decided by the agent");

        // after an off, a basic may still be the product's off: undecided here, but at most basic for the product
        Path level = dir.resolve("data/consent-level");
        Files.writeString(level, "full\n");
        assertThat(run("consent", "basic").out()).startsWith("Consent set to basic; effective: decided by the agent");
        assertThat(level).content().isEqualTo("basic\n");
        assertThat(Files.readAllLines(audit)).as("no untrue line (review s21 last M2)").isEqualTo(before);

        // where the agent recorded full (with the product's setting), a basic is at most basic: decided, audited and
        // told at once, so that the product stops recording now (review s21 fixes H1: it went on at full)
        new io.ceip.agent.privacy.ConsentAudit(audit, java.time.Clock.systemUTC()).observe(
                new io.ceip.agent.privacy.ConsentDecision(io.ceip.agent.privacy.ConsentLevel.FULL, "product-setting"));
        Files.writeString(level, "full\n");
        Result basic = run("consent", "basic");
        assertThat(basic.out()).isEqualTo("Consent set to basic; effective: basic (from runtime-setting), or off if the"
                + " product's own setting says so\n");
        assertThat(level).content().isEqualTo("basic\n");
        assertThat(Files.readAllLines(audit)).last().asString().endsWith(" full -> basic source=runtime-setting;by=cli:"
                + System.getProperty("user.name"));

        // a reset may lower what the agent decided: at most basic for the product until the agent decides again
        Files.writeString(level, "full\n");
        assertThat(run("consent", "reset").code()).isZero();
        assertThat(level).content().isEqualTo("basic\n");
    }

    /**
     * Beside the running agent (it holds the events), the command lowers the product's level at once (the product
     * stops recording now, not at the agent's next poll: events recorded meanwhile left under a full given again
     * within a poll interval, review s21 last M4) and leaves raising it to the agent, which decides with its own
     * environment and the product's setting.
     */
    @Test
    void consentBesideTheRunningAgentLowersTheProductsLevelAndLeavesRaisingItToTheAgent() throws Exception {
        config("ceip.consent.default=basic");
        assertThat(run("consent", "full").code()).isZero();
        Path data = dir.resolve("data");
        try (io.ceip.agent.events.EventsOwnership agent = io.ceip.agent.events.EventsOwnership.take(data, null)) {
            assertThat(agent.owned()).isTrue();
            assertThat(run("consent", "basic").code()).isZero();
            assertThat(data.resolve("consent-level")).as("lowered at once").content().isEqualTo("basic\n");
            assertThat(run("consent", "full").code()).isZero();
            assertThat(data.resolve("consent-level")).as("raised by the running agent, from its own decision")
                    .content().isEqualTo("basic\n");
            assertThat(run("consent", "off").code()).isZero();
            assertThat(data.resolve("consent-level")).as("off at once").content().isEqualTo("off\n");
        }
        assertThat(Files.readString(data.resolve("consent-audit.log"))).contains(" full -> basic source=runtime-setting");
    }

    /** status reads no database: where the product's own setting could decide, it says so. */
    @Test
    void statusSaysWhenTheProductsOwnSettingMayDecide() throws Exception {
        config("ceip.consent.query=SELECT option_value FROM product_option");
        assertThat(run("status").out()).contains("consent:         basic (from config:ceip.consent.default)\n"
                + "                 ceip.consent.query is set: the product's own setting (not read by status) may"
                + " decide\n");

        assertThat(run("consent", "full").code()).isZero();
        assertThat(run("status").out()).contains("consent:         full (from runtime-setting)\n"
                + "                 ceip.consent.query is set: the product's own setting (not read by status) wins"
                + " when it is off\n");

        assertThat(run("consent", "off").code()).isZero();
        assertThat(run("status").out()).contains("consent:         off (from runtime-setting)\n")
                .doesNotContain("ceip.consent.query is set");
    }

    /**
     * The product's own setting decided (the agent's last decision, in the audit log): status showed the level without
     * it, "off (from config:ceip.consent.default)", while reports went out at basic.
     */
    @Test
    void statusShowsTheLevelTheProductsOwnSettingDecidedLast() throws Exception {
        config("ceip.consent.query=SELECT option_value FROM product_option\nceip.consent.default=off");
        Path audit = Files.createDirectories(dir.resolve("data")).resolve("consent-audit.log");
        Files.writeString(audit, "2026-12-06T18:56:47.911Z none -> basic source=product-setting\n");

        assertThat(run("status").out()).contains("consent:         basic (the agent's last decision, "
                + audit.toAbsolutePath().normalize() + "); without the product's own setting: off (from config:ceip.consent.default)\n");

        Files.writeString(audit, "2026-12-06T19:00:00Z basic -> off source=product-setting\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(run("status").out()).as("the same level: said as before")
                .contains("consent:         off (from config:ceip.consent.default)\n");
    }

    @Test
    void consentFullIsBoundToTheProductVersionAndStatusShowsTheFallback() throws Exception {
        config("ceip.product.version=1.4.2");
        assertThat(run("consent", "full").out()).isEqualTo("Consent set to full; effective: full (from runtime-setting)\n");
        assertThat(Files.readString(dir.resolve("data/consent"))).endsWith(" 1.4.2\n").startsWith("full ");

        config("ceip.product.version=1.4.7");
        assertThat(run("status").out()).as("a patch release").contains("consent:         full (from runtime-setting)\n");
        config("ceip.product.version=1.5.0");
        List<Path> before = listing();
        Result status = run("status");
        assertThat(status.out()).contains("consent:         basic (from runtime-setting:full-given-for-product-1.4"
                + "-current-is-1.5)\n", "basic until it is given again (ceip-agent consent full);"
                + " ceip.consent.on-product-upgrade=basic\n");
        assertThat(listing()).as("status writes nothing").isEqualTo(before);
        config("ceip.product.version=1.5.0\nceip.consent.on-product-upgrade=off");
        assertThat(run("status").out()).contains("consent:         off (from runtime-setting:full-given-for-product-1.4");
        config("ceip.product.version=1.5.0\nceip.consent.on-product-upgrade=keep");
        assertThat(run("status").out()).contains("consent:         full (from runtime-setting)\n");

        config("ceip.product.version=1.5.0");
        assertThat(run("consent", "full").out()).isEqualTo("Consent set to full; effective: full (from runtime-setting)\n");
        assertThat(Files.readString(dir.resolve("data/consent"))).endsWith(" 1.5.0\n");
        assertThat(Files.readString(dir.resolve("data/consent-level"))).isEqualTo("full\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = { "latest", "1.4 (build admin@example.com)", "v1.4", "1.4.2;full" })
    void aProductVersionThatIsNotAVersionNeverGetsFull(String productVersion) throws Exception {
        config("ceip.product.version=" + productVersion);

        Result result = run("consent", "full");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("Consent set to full; effective: basic (from runtime-setting:full-given-for"
                + "-product-unrecorded-current-is-not-a-version)\n");
        assertThat(Files.readString(dir.resolve("data/consent-level"))).as("what the product reads").isEqualTo("basic\n");
        assertThat(Files.readString(dir.resolve("data/consent-audit.log"))).doesNotContain(productVersion);
    }

    @Test
    void anEmptyOrHugeProductVersionIsRefusedAtTheStartALongOneIsNotAVersion() throws Exception {
        config("ceip.product.version=");
        Result empty = run("consent", "full");
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.errLines()).singleElement().asString().contains("ceip.product.version");
        config("ceip.product.version=1.4." + "9".repeat(100_000));
        Result huge = run("consent", "full");
        assertThat(huge.code()).isEqualTo(1);
        assertThat(huge.errLines()).singleElement().asString().endsWith(
                ":2: ceip.product.version is longer than 4096 characters");
        assertThat(dir.resolve("data/consent")).as("nothing changed").doesNotExist();

        config("ceip.product.version=1.4.2-" + "a".repeat(1000));
        assertThat(run("consent", "full").out()).contains("effective: basic (from runtime-setting:full-given-for"
                + "-product-unrecorded-current-is-not-a-version)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown level  | consent,maybe         | 2 | ceip-agent: consent: 'maybe' is not off, basic, full or reset; nothing changed",
            "hostile level  | 'consent,of\u001b[2Jf' | 2 | ceip-agent: consent: the level given is not off, basic, full or reset; nothing changed",
            "unknown option | status,--bogus        | 2 | ceip-agent: Unknown option: '--bogus' (see --help)",
            "time too early | preview,--generated-at=-1000000000-01-01T00:00:00Z | 2 | ceip-agent: Invalid value for option '--generated-at': not between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z (see --help)",
            "time too late  | preview,--generated-at=+10000-01-01T00:00:00Z | 2 | ceip-agent: Invalid value for option '--generated-at': not between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z (see --help)",
            "not a time     | preview,--generated-at=yesterday | 2 | ceip-agent: Invalid value for option '--generated-at': not an ISO-8601 time such as 2026-12-06T03:00:00Z (see --help)",
    })
    void aRefusedCommandIsOneLine(String name, String args, int code, String line) throws Exception {
        config("ceip.consent.default=basic");

        Result result = run(args.split(","));

        assertThat(result.code()).isEqualTo(code);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly(line);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void exportWithConsentOffIsOneLine() throws Exception {
        config("ceip.consent.default=off");

        Result result = run("export", dir.resolve("out.gz").toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly(
                "ceip-agent: consent is off (from config:ceip.consent.default): nothing to export");
        assertThat(dir.resolve("out.gz")).doesNotExist();
    }

    /** A preview at consent off says so, and no word about an installation ID it does not show. */
    @Test
    void previewWithConsentOffSaysOnlyThat() throws Exception {
        config("ceip.consent.default=off");

        Result preview = run("preview");

        assertThat(preview.code()).isZero();
        assertThat(preview.out()).contains("Consent is off (from config:ceip.consent.default): nothing would be"
                + " collected");
        assertThat(preview.err()).doesNotContain("installation ID").doesNotContain("demo data");
    }

    /**
     * Preview reads no spool file: at full consent one note counts the files waiting (links, directories and other
     * names not counted), which go with the next report; they are left as they are. Below full, no note.
     */
    @Test
    void previewAtFullConsentCountsTheSpoolFilesItDoesNotShow() throws Exception {
        config("ceip.consent.default=full\nceip.database.demo-data=false"); // no demo events: the window is empty
        Path spool = Files.createDirectories(dir.resolve("data/events"));
        Files.writeString(spool.resolve("a.jsonl"), "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        Files.writeString(spool.resolve("b.jsonl"), "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        Files.writeString(spool.resolve("c.jsonl.tmp"), "being written");
        Files.createSymbolicLink(spool.resolve("d.jsonl"), spool.resolve("a.jsonl"));
        Files.createDirectories(spool.resolve("e.jsonl"));
        List<Path> before = listing();

        Result full = run("preview");

        assertThat(full.code()).isZero();
        assertThat(full.out()).doesNotContain("dashboards.open");
        assertThat(full.errLines()).contains("ceip-agent: 2 event spool file(s) in " + spool + " not shown: preview reads"
                + " no spool file; they go with the next report (a running agent reads them within"
                + " ceip.events.poll-interval; send reads them first)");
        assertThat(listing()).isEqualTo(before);

        config("ceip.consent.default=basic");
        assertThat(run("preview").err()).doesNotContain("spool");
        config("ceip.consent.default=full\nceip.database.demo-data=false\nceip.events.enabled=false");
        assertThat(run("preview").err()).as("a spool no one reads: no promise that its files go")
                .doesNotContain("spool");
    }

    @Test
    void exportToADirectoryIsOneLine() throws Exception {
        config("ceip.consent.default=basic");
        Path target = Files.createDirectories(dir.resolve("exports"));

        Result result = run("export", target.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("ceip-agent: " + target + " already exists and is a directory:"
                + " an export writes a new file only; name the file to write");
    }

    @Test
    void theDemoDataUnderAnotherProductsNameIsOneWarning() throws Exception {
        config("ceip.product.name=Vendor Product\nceip.database.demo-data=true\nceip.consent.default=basic");

        Result result;
        String logged;
        try (io.ceip.agent.support.LogCapture log = io.ceip.agent.support.LogCapture.attach()) {
            result = run("preview");
            logged = log.shown();
        }

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"name\" : \"Vendor Product\"");
        assertThat(logged.lines().filter(line -> line.contains("ceip.database.demo-data=true, but ceip.product.name"
                + " is no longer the demo's")).count()).isEqualTo(1);

        config("ceip.database.demo-data=true\nceip.consent.default=basic");
        try (io.ceip.agent.support.LogCapture log = io.ceip.agent.support.LogCapture.attach()) {
            assertThat(run("preview").code()).isZero();
            assertThat(log.shown()).as("the demo's own product").doesNotContain("ceip.database.demo-data=true, but");
        }
    }

    @Test
    void previewReadsTheProductsOwnH2FileWithAnAccountThatMayOnlyRead() throws Exception {
        Path database = dir.resolve("acme/acme");
        try (java.sql.Connection owner = java.sql.DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
                java.sql.Statement sql = owner.createStatement()) {
            sql.execute("CREATE TABLE item(id INT)");
            sql.execute("INSERT INTO item VALUES (1), (2), (3)");
            sql.execute("CREATE USER ceip_reader PASSWORD 'reader-pw'");
            sql.execute("GRANT SELECT ON item TO ceip_reader");
        }
        Path queries = Files.writeString(dir.resolve("queries.yaml"),
                "queries:\n  - name: items\n    sql: SELECT COUNT(*) FROM item\n");
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.product.name=Acme Inventory",
                "ceip.database.url=jdbc:h2:file:" + database, "ceip.database.user=ceip_reader",
                "ceip.database.password=reader-pw", "ceip.database.demo-data=false", "ceip.collector.enabled=false",
                "ceip.collect.queries-file=" + queries, "ceip.inventory.catalog-file=", "ceip.consent.default=basic",
                "ceip.schedule.initial-delay=3600000", ""));
        System.setProperty("ceip.config", config.toString());
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(Path.of(database + ".mv.db"));

        Result result = run("preview");

        assertThat(result.code()).isZero();
        assertThat(result.err()).doesNotContain("unavailable").doesNotContain("partial");
        assertThat(result.out()).contains("\"items\" : 3", "\"partial\" : false");
        assertThat(Files.getLastModifiedTime(Path.of(database + ".mv.db"))).isEqualTo(modified);
        try (Stream<Path> files = Files.list(dir.resolve("acme"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("acme.mv.db");
        }
    }

    /** A configuration file: {@code setting} over a test base (data under the temporary directory, no demo). */
    private Path config(String setting) throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), setting,
                "ceip.database.url=jdbc:h2:mem:one-shot-" + UUID.randomUUID(),
                setting.contains("ceip.collector.enabled") ? "" : "ceip.collector.enabled=false",
                "ceip.schedule.initial-delay=3600000", ""));
        System.setProperty("ceip.config", config.toString());
        return config;
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }
}
