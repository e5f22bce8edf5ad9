package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.DeliveryConfiguration.Delivery;
import io.ceip.agent.OutboxConfiguration.Outbox;
import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.ScheduleConfiguration.Schedule;
import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.config.ConfigurationCheck;
import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.files.DataDirectoryPermissions;
import io.ceip.agent.ops.NoLookupObjectNames;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.report.ReportRedactor;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.tls.ClientOptionsLock;
import io.ceip.agent.util.OnFirstUse;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
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
        checkConfiguration(context);
        // JMX names as Camel gives them, without asking the resolver for this machine's name (off means silent)
        context.getManagementStrategy().setManagementObjectNameStrategy(NoLookupObjectNames.create());
        Settings settings = new Settings(key -> context.getPropertiesComponent().resolveProperty(key));
        // before anything else: no setting may configure the HTTP client or Camel's TLS (camel-main would apply
        // camel.component.* after this method)
        ClientOptionsLock.check(propertyLocations(context), System.getenv(), systemProperties());
        // Jackson's mapper and the report schema are made with the first report: a start does not load them
        Wiring wiring = new Wiring(context, settings, Clock.systemUTC(), new OnFirstUse<>(ObjectMapper::new));

        // nothing is written under the data directory before the first report (consent off writes nothing); what is
        // there already is tightened to the agent's user (0700 directories, 0600 files), one warning per path
        Path dataDirectory = wiring.dataDirectory();
        Path deadLetterDirectory = settings.path("ceip.dead-letter.directory");
        DataDirectoryPermissions.tighten(settings.bool("ceip.collector.enabled")
                ? List.of(dataDirectory, deadLetterDirectory, settings.path("ceip.collector.directory"))
                : List.of(dataDirectory, deadLetterDirectory));

        Schedule schedule = ScheduleConfiguration.configure(wiring);
        CollectionConnection database = CollectConfiguration.configure(wiring);
        ReportSchema schema = ReportSchema.onFirstUse(wiring.mapper());
        Privacy privacy = PrivacyConfiguration.configure(wiring, database, schedule.state(), schema::dataSetVersion);
        EventStore events = EventsConfiguration.configure(wiring, privacy);
        AgentStatus status = new AgentStatus();
        ReportRedactor redactor = ReportConfiguration.configure(wiring, schedule, database, privacy, schema, status,
                events);
        Optional<Path> collectorCertificate = DemoConfiguration.collector(wiring, schema);
        URI endpoint = DeliveryConfiguration.endpoint(wiring, collectorCertificate);
        Outbox outbox = OutboxConfiguration.configure(wiring, status);
        Delivery delivery = DeliveryConfiguration.steps(wiring, outbox, privacy, redactor, status);
        OpsConfiguration.configure(wiring, schedule, privacy.consent(), status, outbox, delivery);

        Wiring.LOG.info("ceip-agent {}: installation {}, consent {}, schedule '{}', endpoint {}, data in {}",
                settings.string("ceip.agent.version"),
                schedule.installationId().existing().map(UUID::toString).orElse("(created with the first report)"),
                privacy.consent().peek(), schedule.cron(), Settings.withoutSecrets(endpoint.toString()),
                dataDirectory.toAbsolutePath());
    }

    /**
     * Every setting checked against its definition before anything is made: unknown or repeated keys in the
     * configuration file (the first {@code file:} property location that exists), unknown {@code CEIP_*} environment
     * variables, and each value's type and range.
     */
    private static void checkConfiguration(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Optional<Path> configFile = properties.getLocations().stream()
                .map(location -> location.replaceFirst(";.*$", ""))
                .filter(location -> location.startsWith("file:"))
                .map(location -> Path.of(location.substring("file:".length())))
                .filter(Files::isRegularFile).findFirst();
        Set<String> overrides = properties instanceof org.apache.camel.component.properties.PropertiesComponent
                camel && camel.getOverrideProperties() != null ? camel.getOverrideProperties().stringPropertyNames()
                : Set.of();
        new ConfigurationCheck(SettingCatalog.embedded()).verify(configFile, System.getenv(), overrides,
                properties::resolveProperty);
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

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            properties.put(key, "");
        }
        return properties;
    }
}
