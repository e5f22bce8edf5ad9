package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.collect.JdbcUrls;
import io.ceip.agent.config.Settings;
import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.LaterVersions;
import io.ceip.agent.outbox.SentReports;
import io.ceip.agent.schedule.ScheduleOffset;
import io.ceip.agent.schedule.ScheduleZone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Collectors;

import org.quartz.CronExpression;

/**
 * What {@code status} prints: the configuration file read (or a warning that there is none: the embedded demo
 * defaults), installation ID, schedule and next run, consent and its source, last delivery and last attempt (from the
 * ledger), dead-letter counts, the product events ({@link EventsStatus}), and every path the agent uses, absolute (a
 * relative path in the configuration is relative to the working directory the agent runs in). It reads the checked
 * settings and the data directory only: no network, no database, and it writes nothing.
 */
public final class StatusReport {

    private final Settings settings;
    private final Optional<Path> configFile;
    private final Path expectedConfigFile;
    private final Clock clock;

    /**
     * @param configFile the configuration file the settings were read from; empty when there was none
     * @param expectedConfigFile where it was looked for
     */
    public StatusReport(Settings settings, Optional<Path> configFile, Path expectedConfigFile, Clock clock) {
        this.settings = settings;
        this.configFile = configFile;
        this.expectedConfigFile = expectedConfigFile;
        this.clock = clock;
    }

    /** The warning when no configuration file was read, if so. */
    public Optional<String> warning() {
        return configFile.isPresent() ? Optional.empty() : Optional.of("no configuration file at "
                + absolute(expectedConfigFile) + ": the embedded demo defaults are in effect (reports go to the"
                + " embedded collector); name one with -Dceip.config=FILE or CEIP_CONFIG=FILE");
    }

    public String render() {
        ObjectMapper mapper = new ObjectMapper();
        Path data = settings.path("ceip.data.directory");
        StringBuilder out = new StringBuilder();
        line(out, "agent", "ceip-agent " + settings.string("ceip.agent.version"));
        line(out, "configuration", configFile.map(StatusReport::absolute)
                .orElse("none (" + absolute(expectedConfigFile) + " does not exist): embedded demo defaults"));
        line(out, "data directory", absolute(data));
        Optional<UUID> installationId = Optional.empty();
        if (settings.bool("ceip.cluster.enabled")) {
            line(out, "installation ID", "kept in the cluster database (ceip.cluster.database.url, table CEIP_STATE;"
                    + " not read by status)");
        } else {
            InstallationId stored = new InstallationId(data.resolve(InstallationId.NAME));
            installationId = stored.existing();
            line(out, "installation ID", installationId.map(UUID::toString).orElseGet(() -> stored.unusable()
                    .map(why -> "none usable (" + InstallationId.NAME + ": " + why + "; the next report stored makes a new"
                            + " one and sets the file aside)").orElse("none yet (created by the first report)")));
        }
        line(out, "schedule", schedule(installationId, data));
        List<String> consent = LocalConsent.shown(settings, absolute(data.resolve("consent-audit.log")));
        line(out, "consent", consent.get(0));
        consent.subList(1, consent.size()).forEach(note -> line(out, "", note));
        DeliveryLedger.Latest ledger = latest(out, new DeliveryLedger(data.resolve("ledger.log"),
                settings.number("ceip.ledger.max-bytes"), 1, clock));
        line(out, "last delivery", ledger.lastSuccess().map(StatusReport::describe).orElse("none recorded"));
        line(out, "last attempt", ledger.lastAttempt().map(StatusReport::describe).orElse("none recorded"));
        line(out, "sent copies", sentCopies(data.resolve("sent")));
        line(out, "dead letters", deadLetters(settings.path("ceip.dead-letter.directory"), mapper));
        line(out, "events", EventsStatus.line(settings));
        line(out, "endpoint", Settings.withoutSecrets(settings.string("ceip.endpoint.url")));
        customerDestination(out, mapper);
        line(out, "trust store", trustStore(settings));
        line(out, "database", JdbcUrls.shown(settings.string("ceip.database.url")));
        line(out, "usage queries", file(settings.path("ceip.collect.queries-file")));
        line(out, "redaction rules", file(settings.path("ceip.redaction.rules-file")));
        line(out, "inventory", settings.optional("ceip.inventory.catalog-file").map(file -> file(Path.of(file)))
                .orElse("none (ceip.inventory.catalog-file is empty)"));
        line(out, "events catalog", file(settings.path("ceip.events.catalog-file")));
        return out.toString();
    }

    /**
     * What the agent trusts for the endpoint, as {@code DeliveryConfiguration} chooses: the configured store; else,
     * while the embedded collector runs, that collector's certificate; else the JVM's trust store.
     */
    private static String trustStore(Settings settings) {
        if (settings.optional("ceip.endpoint.trust-store").isPresent()) {
            return file(settings.path("ceip.endpoint.trust-store"));
        }
        if (settings.bool("ceip.collector.enabled")) {
            return "the embedded collector's certificate (ceip.collector.enabled=true, ceip.endpoint.trust-store is"
                    + " empty): " + file(settings.path("ceip.collector.directory").resolve("tls/collector.pem"));
        }
        return "the JVM's (ceip.endpoint.trust-store is empty)";
    }

    /** A file the configuration names, absolute, and whether it is there. */
    private static String file(Path path) {
        return absolute(path) + (Files.isRegularFile(path) ? "" : " (no such file)");
    }

    /**
     * The customer's own destination: off, or its URL and ceiling, its last delivery and attempt (its own ledger) and
     * its store.
     */
    private void customerDestination(StringBuilder out, ObjectMapper mapper) {
        if (!settings.bool("ceip.customer-endpoint.enabled")) {
            line(out, "customer", "off (ceip.customer-endpoint.enabled=false): reports go to the vendor's endpoint only");
            return;
        }
        Path directory = settings.path("ceip.customer-endpoint.directory");
        line(out, "customer", Settings.withoutSecrets(settings.optional("ceip.customer-endpoint.url").orElse(""))
                + " (consent ceiling " + settings.string("ceip.customer-endpoint.consent-ceiling") + ")");
        DeliveryLedger.Latest ledger = latest(out, new DeliveryLedger(directory.resolve("ledger.log"),
                settings.number("ceip.ledger.max-bytes"), 1, clock, "customer"));
        line(out, "", "last delivery " + ledger.lastSuccess().map(StatusReport::describe).orElse("none recorded"));
        line(out, "", "last attempt " + ledger.lastAttempt().map(StatusReport::describe).orElse("none recorded"));
        line(out, "", "dead letters " + deadLetters(directory.resolve("dead-letter"), mapper));
    }

    /**
     * A store's counts and place; then how many pending reports are over {@code ceip.report.max-bytes} (kept, not sent
     * by a replay) and how many entries a later version kept ({@link LaterVersions}), when there are some.
     */
    private String deadLetters(Path directory, ObjectMapper mapper) {
        DeadLetterStore store = new DeadLetterStore(directory, () -> mapper, clock);
        long max = settings.number("ceip.report.max-bytes");
        List<DeadLetter> entries = store.entries(); // read once: every figure below comes from it
        Map<String, Long> sizes = entries.stream().collect(Collectors.toMap(DeadLetter::reportId,
                entry -> store.size(entry.reportId()), (a, b) -> a));
        long over = entries.stream().filter(entry -> DeadLetter.PENDING.equals(entry.state())
                && sizes.get(entry.reportId()) > max).count();
        String later = LaterVersions.in(directory, mapper, sizes.keySet());
        return entries.stream().filter(e -> DeadLetter.PENDING.equals(e.state())).count() + " pending, "
                + entries.stream().filter(e -> DeadLetter.REJECTED.equals(e.state())).count() + " rejected, "
                + sizes.values().stream().mapToLong(Long::longValue).sum() + " bytes, in " + absolute(directory)
                + (over == 0 ? "" : "; " + over + " pending over ceip.report.max-bytes (" + max + "), kept, not sent")
                + (later.isEmpty() ? "" : "; " + later);
    }

    /** How many delivered reports are kept as sent ({@link SentReports}), where, and the newest. */
    private String sentCopies(Path directory) {
        long keep = settings.number("ceip.ledger.keep-sent");
        try {
            List<Path> copies = new SentReports(directory, (int) keep, clock).copies();
            return copies.size() + " (of at most " + keep + ", ceip.ledger.keep-sent) in " + absolute(directory)
                    + (copies.isEmpty() ? "" : "; newest " + copies.get(copies.size() - 1).getFileName());
        } catch (IOException e) {
            return absolute(directory) + " cannot be read (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * The effective cron, its offset and the next run, or why there is none; the next run in the time zone the agent
     * recorded at its last start ({@link ScheduleZone}), as its Quartz computes it, with its offset and zone.
     */
    private String schedule(Optional<UUID> installationId, Path data) {
        String cron = settings.string("ceip.schedule.cron");
        if (!settings.bool("ceip.schedule.enabled")) {
            return "off (ceip.schedule.enabled=false)";
        }
        if (installationId.isEmpty()) {
            return "'" + cron + "' moved by an offset of up to an hour, within the hour it names (the offset is its"
                    + " minute and second), derived from "
                    + (settings.bool("ceip.cluster.enabled") ? "the cluster's seed (schedule-offset-seed in the cluster"
                            + " database, the same on every node)"
                            : "the installation ID, fixed when the first report creates it");
        }
        String effective = ScheduleOffset.apply(cron, installationId.get());
        int offset = ScheduleOffset.seconds(installationId.get());
        try {
            CronExpression expression = new CronExpression(effective);
            ScheduleZone.Shown zone = ScheduleZone.shown(new FileStateStore(data), TimeZone.getDefault());
            expression.setTimeZone(zone.zone());
            Date next = expression.getNextValidTimeAfter(Date.from(clock.instant()));
            return "'" + effective + "' (ceip.schedule.cron '" + cron + "', " + ScheduleOffset.replaced(cron, offset)
                    + "); next run "
                    + (next == null ? "never" : next.toInstant().atZone(zone.zone().toZoneId()))
                    + " (" + zone.source() + ")";
        } catch (ParseException e) {
            return "'" + effective + "' (not a Quartz cron expression: " + e.getMessage() + ")";
        }
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /** A ledger line as JMX {@code LastStatus} says its outcome ({@code HTTP 503}, the ledger's HTTP_503), and partial. */
    private static String describe(DeliveryLedger.Entry entry) {
        String outcome = entry.outcome().matches("HTTP_\\d{3}") ? entry.outcome().replace('_', ' ') : entry.outcome();
        return entry.time() + " report " + entry.reportId() + " " + outcome + " (attempt " + entry.attempt()
                + ", " + entry.bytes() + " bytes)" + entry.partial().said();
    }

    /** A ledger's latest entries; one that cannot be read (a link, a directory: the next start moves it aside) is
     * said in a line of its own. */
    private static DeliveryLedger.Latest latest(StringBuilder out, DeliveryLedger ledger) {
        try {
            return ledger.latest();
        } catch (IllegalStateException e) {
            line(out, "ledger", e.getMessage());
            return new DeliveryLedger.Latest(java.util.Optional.empty(), java.util.Optional.empty());
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-16s %s%n", label.isEmpty() ? "" : label + ":", value));
    }
}
