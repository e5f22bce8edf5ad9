package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.DeliveryConfiguration.Delivery;
import io.ceip.agent.OutboxConfiguration.Outbox;
import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.ScheduleConfiguration.Schedule;
import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.config.ConfigurationText;
import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.events.SpoolDirectory;
import io.ceip.agent.files.DataDirectoryChoice;
import io.ceip.agent.files.DataDirectoryPermissions;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.ops.FirstStartNotice;
import io.ceip.agent.ops.NoLookupObjectNames;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.tls.ClientOptionsLock;
import io.ceip.agent.util.OnFirstUse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.OrderedLocationProperties;

/**
 * The agent's beans, made from the {@code ceip.*} properties and bound by the names the routes use: the settings are
 * checked first, then each stage's configuration runs in the order of the flow (schedule, collect, privacy, product
 * events, report, the embedded demo, delivery, outbox, ops), each handing the next what it needs. Everything that
 * reads a file (installation ID, query, event catalog and redaction rule files, certificates) does so here, once,
 * so that a bad setting stops
 * the start with a message naming the key or file.
 */
@Configuration
public class CeipConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        EnvAndSysFunctionsOnly.install(context.getPropertiesComponent()); // no {{bean:...}} from any text
        addAgentPropertyLocations(context);
        if (context.getRegistry().lookupByName(AgentCommand.ONE_SHOT_COMMAND) != null) {
            // a one-shot command's overrides (no events intake, no remote JMX, ...) win over the environment
            AgentSettings.overridesBeforeTheEnvironment(context.getPropertiesComponent(), SettingCatalog.embedded());
        }
        // every setting checked against its definition before anything is made from it
        AgentSettings.Checked checked = AgentSettings.check(context.getPropertiesComponent(), SettingCatalog.embedded());
        // JMX names as Camel gives them, without asking the resolver for this machine's name (off means silent)
        context.getManagementStrategy().setManagementObjectNameStrategy(NoLookupObjectNames.create());
        Settings settings = checked.settings();
        // the file's values reach Camel as the text checked, not as a location: Camel's own line names the defaults only
        Wiring.LOG.info("Settings read from {}, then the embedded defaults", checked.configFile()
                .map(file -> "the configuration file " + file.toAbsolutePath().normalize())
                .orElse("no configuration file (none at " + ConfigurationLocations.DEFAULT_CONFIG + ")"));
        // before anything else: no setting may configure the HTTP client or Camel's TLS (camel-main would apply
        // camel.component.* after this method)
        ClientOptionsLock.check(propertyLocations(context), System.getenv(), systemProperties());
        // Jackson's mapper and the report schema are made with the first report: a start does not load them
        Wiring wiring = new Wiring(context, settings, Clock.systemUTC(), new OnFirstUse<>(ObjectMapper::new));

        // nothing is written under the data directory before the first report (consent off writes nothing); what is
        // there already is tightened to the agent's user (0700 directories, 0600 files; in the events spool only the
        // *.jsonl files handed over), a warning for each of the first few paths and a count for the rest — but not by
        // preview and export, which leave it as it is
        Path dataDirectory = wiring.dataDirectory();
        Path deadLetterDirectory = settings.path("ceip.dead-letter.directory");
        requireDirectory(dataDirectory, "ceip.data.directory");
        OwnerOnlyFiles.requireOwnDirectory(deadLetterDirectory, "ceip.dead-letter.directory");
        if (settings.bool("ceip.customer-endpoint.enabled")) {
            OwnerOnlyFiles.requireOwnDirectory(settings.path("ceip.customer-endpoint.directory"),
                    "ceip.customer-endpoint.directory");
        }
        OutboxConfiguration.storesOfTheirOwn(wiring); // never the data directory, nor one holding it
        if (settings.bool("ceip.events.enabled")) { // read through a link at full, never emptied below it
            SpoolDirectory.requireNotALink(settings.path("ceip.events.directory"), "ceip.events.directory");
        }
        if (!wiring.readsOnly()) { // another user's agent keeps its state there: run as that user
            DataDirectoryChoice.requireWriter(dataDirectory, "ceip.data.directory");
            List<Path> owned = new java.util.ArrayList<>(List.of(dataDirectory, deadLetterDirectory));
            if (settings.bool("ceip.collector.enabled")) {
                owned.add(settings.path("ceip.collector.directory"));
            }
            if (settings.bool("ceip.customer-endpoint.enabled")) {
                owned.add(settings.path("ceip.customer-endpoint.directory"));
            }
            DataDirectoryPermissions.tighten(owned, settings.path("ceip.events.directory"));
        }

        Schedule schedule = ScheduleConfiguration.configure(wiring);
        CollectionConnection database = CollectConfiguration.configure(wiring);
        ReportSchema schema = ReportSchema.onFirstUse(wiring.mapper());
        Privacy privacy = PrivacyConfiguration.configure(wiring, database, schedule.state(), schema::dataSetVersion);
        EventStore events = EventsConfiguration.configure(wiring, privacy);
        AgentStatus status = new AgentStatus();
        ReportConfiguration.Report report = ReportConfiguration.configure(wiring, schedule, database, privacy, schema,
                status, events);
        Optional<Path> collectorCertificate = DemoConfiguration.collector(wiring);
        DeliveryConfiguration.Endpoints endpoints = DeliveryConfiguration.endpoint(wiring, collectorCertificate);
        DemoConfiguration.warnIfNotTheEndpoint(wiring, endpoints.vendor());
        Outbox outbox = OutboxConfiguration.configure(wiring, status);
        Delivery delivery = DeliveryConfiguration.steps(wiring, endpoints, outbox, privacy, report.redactor(),
                status);
        OpsConfiguration.configure(wiring, schedule, privacy.consent(), status, outbox, delivery,
                report.redactor());

        Wiring.LOG.info("ceip-agent {}: installation {}, consent {}, schedule '{}', endpoint {}{}, data in {}",
                settings.string("ceip.agent.version"),
                schedule.installationId().existing().map(UUID::toString).orElse("(created with the first report)"),
                privacy.consent().peek(), schedule.cron(), Settings.withoutSecrets(endpoints.vendor().toString()),
                endpoints.customer().map(url -> ", customer endpoint " + Settings.withoutSecrets(url.toString())
                        + " (consent ceiling " + settings.string("ceip.customer-endpoint.consent-ceiling") + ")")
                        .orElse(""),
                dataDirectory.toAbsolutePath().normalize());
        if (schedule.installationId().existing().isEmpty()) {
            boolean scheduled = settings.bool("ceip.schedule.enabled");
            Wiring.LOG.info(FirstStartNotice.text(privacy.consent().peek(), report.contents(),
                    scheduled && !settings.bool("ceip.cluster.enabled")
                            ? Optional.of(settings.duration("ceip.schedule.initial-delay")) : Optional.empty(),
                    scheduled ? Optional.of(schedule.cron()) : Optional.empty(), wiring.clock().instant()));
        }
    }

    /**
     * Under camel-main's own {@code Main} (or {@code mvn camel:run}), which reads only
     * {@code classpath:application.properties}: the agent's embedded defaults are added after it (read as UTF-8), and
     * the configuration file's text as checked before both, as at the agent's own start
     * ({@link ConfigurationLocations}), which has them already.
     */
    static void addAgentPropertyLocations(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (properties.getLocations().stream().noneMatch(location -> location.startsWith(
                ConfigurationLocations.DEFAULTS))) {
            properties.setEncoding(ConfigurationLocations.ENCODING); // before the locations, read as they are added
            Optional<ConfigurationText> configuration = ConfigurationLocations.configuration();
            ConfigurationLocations.install(properties, configuration);
            properties.addLocation(ConfigurationLocations.DEFAULTS);
        }
    }

    /** Every property key the properties component holds, with where it was read (its file, or how it was set). */
    private static Map<String, String> propertyLocations(CamelContext context) {
        Properties properties = context.getPropertiesComponent().loadProperties();
        Map<String, String> locations = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String location = properties instanceof OrderedLocationProperties ordered ? ordered.getLocation(key) : null;
            locations.put(key, location == null ? "the agent's properties" : location);
        }
        return locations;
    }

    /**
     * The data directory there but no directory (a link to one is followed) stops the start in one line:
     * {@code --data /etc/passwd} made that file {@code 0600} and started (another of the agent's directories that is
     * a file is left as it is too, {@link DataDirectoryPermissions}, and said by what cannot use it).
     */
    private static void requireDirectory(Path directory, String key) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException(key + " " + directory.toAbsolutePath() + " is not a directory: point "
                    + key + " at a directory of the agent's own");
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            properties.put(key, "");
        }
        return properties;
    }
}
