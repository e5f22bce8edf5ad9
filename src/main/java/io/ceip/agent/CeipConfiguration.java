package io.ceip.agent;

import io.ceip.agent.config.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.schedule.JdbcStateStore;
import io.ceip.agent.schedule.QuartzCluster;
import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.demo.DemoDatabase;
import io.ceip.agent.collect.EmbeddedDatabaseFiles;
import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.schedule.ScheduleOffset;
import io.ceip.agent.collect.SystemInfoCollector;
import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.demo.collector.CollectorLimits;
import io.ceip.agent.demo.collector.CollectorSteps;
import io.ceip.agent.demo.collector.CollectorStore;
import io.ceip.agent.config.ConfigurationCheck;
import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.privacy.ProductConsentQuery;
import io.ceip.agent.privacy.ProductConsentSetting;
import io.ceip.agent.delivery.ConsentGate;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.delivery.AnswerLimit;
import io.ceip.agent.delivery.DeadLetterReplayer;
import io.ceip.agent.delivery.DeliveryDeadline;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.delivery.EndpointComponent;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.delivery.RetryBackoff;
import io.ceip.agent.delivery.RetryDelay;
import io.ceip.agent.delivery.RetryLogger;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.DataDirectoryHealthCheck;
import io.ceip.agent.ops.JmxLoginFiles;
import io.ceip.agent.ops.NativeHeapTrimmer;
import io.ceip.agent.ops.NoLookupObjectNames;
import io.ceip.agent.ops.RemoteJmxServer;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.RedactionRulesFile;
import io.ceip.agent.report.ReportRedactor;
import io.ceip.agent.report.FeatureWindow;
import io.ceip.agent.report.ProductInfo;
import io.ceip.agent.ops.ReportExport;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.report.ReportSteps;
import io.ceip.agent.files.DataDirectoryPermissions;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.files.StateStore;
import io.ceip.agent.tls.ClientOptionsLock;
import io.ceip.agent.demo.SelfSignedCertificate;
import io.ceip.agent.tls.TlsContexts;
import io.ceip.agent.util.OnFirstUse;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.UUID;
import javax.management.ObjectName;
import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.http.CompositeHttpConfigurer;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.OrderedLocationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the agent's beans are made, from the {@code ceip.*} properties, and bound by the names the
 * routes use. Everything that reads a file (installation ID, query and redaction rule files, certificates) does
 * so here, once, so that a bad setting stops the start with a message naming the key or file.
 */
@Configuration
public class CeipConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CeipConfiguration.class);

    /**
     * Quartz outside cluster mode: one scheduler thread, as the agent has one trigger (Quartz's own default is a pool
     * of ten), and the trigger kept in memory.
     */
    public static final Map<String, Object> QUARTZ_SINGLE_NODE = Map.of(
            "org.quartz.scheduler.instanceName", QuartzCluster.SCHEDULER_NAME,
            "org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool",
            "org.quartz.threadPool.threadCount", "1",
            "org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");

    @Override
    public void configure(CamelContext context) throws Exception {
        checkConfiguration(context);
        // JMX names as Camel gives them, without asking the resolver for this machine's name (off means silent)
        context.getManagementStrategy().setManagementObjectNameStrategy(NoLookupObjectNames.create());
        Settings settings = new Settings(key -> context.getPropertiesComponent().resolveProperty(key));
        // before anything else: no setting may configure the HTTP client or Camel's TLS (camel-main would apply
        // camel.component.* after this method)
        ClientOptionsLock.check(propertyLocations(context), System.getenv(), systemProperties());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        // Jackson's mapper and the report schema are made with the first report: a start does not load them
        OnFirstUse<ObjectMapper> mapper = new OnFirstUse<>(ObjectMapper::new);
        String agentVersion = settings.string("ceip.agent.version");

        // nothing is written under the data directory before the first report (consent off writes nothing); what is
        // there already is tightened to the agent's user (0700 directories, 0600 files), one warning per path
        Path dataDirectory = settings.path("ceip.data.directory");
        Path deadLetterDirectory = settings.path("ceip.dead-letter.directory");
        DataDirectoryPermissions.tighten(settings.bool("ceip.collector.enabled")
                ? List.of(dataDirectory, deadLetterDirectory, settings.path("ceip.collector.directory"))
                : List.of(dataDirectory, deadLetterDirectory));
        StateStore state;
        if (settings.bool("ceip.cluster.enabled")) {
            state = cluster(settings, context);
        } else {
            context.getComponent("quartz", QuartzComponent.class).setProperties(QUARTZ_SINGLE_NODE);
            state = new FileStateStore(dataDirectory);
        }
        context.getPropertiesComponent().addOverrideProperty("ceip.schedule.startup-report",
                Boolean.toString(settings.bool("ceip.schedule.enabled") && !settings.bool("ceip.cluster.enabled")));
        InstallationId installationId = new InstallationId(state);
        String cron = ScheduleOffset.apply(settings.string("ceip.schedule.cron"),
                installationId.existing().orElseGet(UUID::randomUUID));
        context.getPropertiesComponent().addOverrideProperty("ceip.schedule.effective-cron", cron);

        String databaseUrl = settings.string("ceip.database.url");
        DriverManagerDataSource productDatabase = new DriverManagerDataSource(databaseUrl,
                settings.optional("ceip.database.user").orElse(null),
                settings.optional("ceip.database.password").orElse(null),
                (int) settings.duration("ceip.database.login-timeout").toSeconds());
        // an embedded H2 file under the data directory gets a 0700 directory and 0600 files (H2 uses the umask)
        DataSource dataSource = EmbeddedDatabaseFiles.ownerOnly(settings.bool("ceip.database.demo-data")
                ? DemoDatabase.seedingOnFirstUse(productDatabase) : productDatabase, databaseUrl, dataDirectory);
        CollectionConnection database = new CollectionConnection(dataSource,
                (int) settings.number("ceip.collect.query-timeout"), settings.duration("ceip.collect.budget"),
                (int) settings.number("ceip.collect.max-rows"), clock);
        registry.bind("ceipDataSource", database);

        ReportSchema schema = ReportSchema.onFirstUse(mapper);
        ConsentAudit audit = new ConsentAudit(dataDirectory.resolve("consent-audit.log"), clock);
        ProductConsentSetting productSetting = settings.optional("ceip.consent.query")
                .map(sql -> (ProductConsentSetting) new ProductConsentQuery(database, sql,
                        (int) settings.number("ceip.collect.query-timeout")))
                .orElse(null);
        ConsentPolicy consent = new ConsentPolicy(System.getenv(),
                new ConsentSettingFile(dataDirectory.resolve("consent")), productSetting,
                ConsentLevel.parse(settings.string("ceip.consent.default")), schema::dataSetVersion, audit);
        registry.bind("consentPolicy", consent);

        AgentStatus status = new AgentStatus();
        Pseudonyms pseudonyms = new Pseudonyms(state);
        ReportRedactor redactor = new ReportRedactor(schema,
                RedactionRulesFile.load(settings.path("ceip.redaction.rules-file"), pseudonyms),
                settings.bool("ceip.redaction.bin-counts"), mapper);
        ProductInfo product = new ProductInfo(settings.string("ceip.product.name"),
                settings.string("ceip.product.version"), settings.optional("ceip.product.edition").orElse(null));
        registry.bind("reportSteps", new ReportSteps(installationId, consent, product,
                new SystemInfoCollector(System.getProperties(), agentVersion), database,
                UsageQueries.load(settings.path("ceip.collect.queries-file")), redactor, pseudonyms,
                new FeatureWindow(state), status, clock));
        registry.bind("gzip", new GzipDataFormat());

        boolean collectorEnabled = settings.bool("ceip.collector.enabled");
        Path collectorTls = dataDirectory.resolve("tls");
        if (collectorEnabled) {
            SelfSignedCertificate.ensure(collectorTls);
            String password = Files.readString(collectorTls.resolve(SelfSignedCertificate.PASSWORD),
                    StandardCharsets.US_ASCII);
            registry.bind("ceipCollectorTls",
                    TlsContexts.server(collectorTls.resolve(SelfSignedCertificate.KEY_STORE), password));
            registry.bind("collectorSteps", new CollectorSteps(
                    new CollectorStore(settings.path("ceip.collector.directory"), mapper, schema),
                    new CollectorLimits(settings.number("ceip.collector.max-compressed-bytes"),
                            settings.number("ceip.collector.max-decompressed-bytes"))));
        }
        // trust: the configured store; else the embedded collector's own certificate; else the JVM's trust store
        Optional<Path> trustStore = settings.optional("ceip.endpoint.trust-store").map(Path::of)
                .or(() -> collectorEnabled ? Optional.of(collectorTls.resolve(SelfSignedCertificate.CERTIFICATE))
                        : Optional.empty());
        // the endpoint is made by the first send (toD in ceip-send): its settings are checked here, so that a bad
        // one stops the start; the route sends to the URL rebuilt from its validated parts
        boolean allowPlainHttp = settings.bool("ceip.endpoint.allow-plain-http");
        URI endpoint = settings.endpointUrl("ceip.endpoint.url", allowPlainHttp);
        context.getPropertiesComponent().addOverrideProperty("ceip.endpoint.url", endpoint.toString());
        if (allowPlainHttp) {
            LOG.warn("ceip.endpoint.allow-plain-http=true, for tests only: {}", endpoint.getScheme().equals("http")
                    ? "reports go UNENCRYPTED and to an UNAUTHENTICATED server at " + endpoint
                    : "a plain http:// endpoint would be accepted (now " + endpoint.getScheme() + ")");
        }
        DeliveryDeadline deadline = new DeliveryDeadline(settings.duration("ceip.endpoint.request-timeout"));
        registry.bind("deliveryDeadline", deadline);
        closeOnStop(context, deadline);
        // the answer is read up to AnswerLimit.MAX_BYTES, never decompressed, never drained
        HttpClientConfigurer clientConfigurer = CompositeHttpConfigurer.combineConfigurers(deadline, new AnswerLimit());
        Optional<EndpointComponent.Proxy> proxy = settings.optional("ceip.proxy.host").map(host ->
                new EndpointComponent.Proxy(host, (int) settings.number("ceip.proxy.port"),
                        settings.optional("ceip.proxy.no-proxy"), settings.optional("ceip.proxy.user"),
                        settings.optional("ceip.proxy.password").orElse("")));
        SSLContextParameters clientTls = TlsContexts.client(trustStore,
                settings.optional("ceip.endpoint.trust-store-password"),
                settings.optional("ceip.endpoint.key-store").map(Path::of),
                settings.optional("ceip.endpoint.key-store-password"),
                TlsContexts.pins(settings.optional("ceip.endpoint.pins")));
        Duration connectTimeout = Duration.ofMillis(settings.number("ceip.endpoint.connect-timeout"));
        Duration responseTimeout = Duration.ofMillis(settings.number("ceip.endpoint.response-timeout"));
        EndpointComponent.configure(context.getComponent("https", HttpComponent.class), clientTls, connectTimeout,
                responseTimeout, clientConfigurer, proxy);
        if (endpoint.getScheme().equals("http")) {
            EndpointComponent.configure(context.getComponent("http", HttpComponent.class), null, connectTimeout,
                    responseTimeout, clientConfigurer, proxy);
        }

        DeadLetterStore store = new DeadLetterStore(deadLetterDirectory, mapper, clock,
                (int) settings.number("ceip.dead-letter.max-entries"), settings.number("ceip.dead-letter.max-bytes"));
        DeliveryLedger ledger = new DeliveryLedger(dataDirectory.resolve("ledger.log"),
                settings.number("ceip.ledger.max-bytes"), (int) settings.number("ceip.ledger.keep-files"), clock);
        status.restore(ledger);
        DeliverySteps delivery = new DeliverySteps(store, status, audit, ledger, redactor.rules(),
                settings.number("ceip.report.max-bytes"), clock);
        int quarantined = store.recover();
        if (quarantined > 0) {
            LOG.warn("Dead-letter store: {} entr{} or stray file{} quarantined in {}; never sent", quarantined,
                    quarantined == 1 ? "y" : "ies", quarantined == 1 ? "" : "s", store.directory().resolve("quarantine"));
        }
        registry.bind("deliverySteps", delivery);
        registry.bind("consentGate", new ConsentGate(consent, redactor, store, mapper));
        registry.bind("retryLogger", new RetryLogger(delivery));
        registry.bind("retryDelay", new RetryDelay(new RetryBackoff(settings.duration("ceip.retry.initial-delay"),
                Double.parseDouble(settings.string("ceip.retry.multiplier")), settings.duration("ceip.retry.max-delay"),
                settings.duration("ceip.retry.max-retry-after"),
                bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1)), clock));

        ProducerTemplate template = context.createProducerTemplate();
        DeadLetterReplayer replayer = new DeadLetterReplayer(store, delivery, consent, status, template, clock);
        registry.bind("deadLetterReplayer", replayer);
        ReportPreview preview = new ReportPreview(consent, template, mapper);
        registry.bind("reportPreview", preview);
        ReportExport export = new ReportExport(template, ledger, mapper, dataDirectory, deadLetterDirectory);
        registry.bind("reportExport", export);

        // after each report cycle (ceip-report's route policy): the C heap the cycle freed goes back to the system
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(ManagementFactory.getPlatformMBeanServer(),
                settings.bool("ceip.memory.trim-after-report"), settings.duration("ceip.memory.trim-again-after"));
        registry.bind("nativeHeapTrimmer", trimmer);
        registry.bind("trimAfterReport", new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                trimmer.afterCycle();
            }
        });
        closeOnStop(context, trimmer);

        registry.bind("dataDirectoryHealthCheck", new DataDirectoryHealthCheck(dataDirectory));
        AgentManagement management = new AgentManagement(new AgentManagement.Parts(installationId, agentVersion,
                cron, () -> nextFireTime(context), consent, status, store, replayer, preview, export,
                () -> healthSummary(context), template));
        registry.bind("agentManagement", management);
        if (settings.bool("ceip.jmx.remote.enabled")) {
            context.addService(new RemoteJmxServer(settings.string("ceip.jmx.remote.host"),
                    (int) settings.number("ceip.jmx.remote.port"),
                    JmxLoginFiles.check(settings.optional("ceip.jmx.remote.password-file"),
                            settings.optional("ceip.jmx.remote.access-file")),
                    settings.bool("ceip.jmx.remote.ssl")));
        }
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                ManagementAgent agent = started.getManagementStrategy() == null ? null
                        : started.getManagementStrategy().getManagementAgent();
                if (agent != null) {
                    agent.register(management, new ObjectName(AgentManagement.OBJECT_NAME));
                }
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                LOG.info("Health: {}", healthSummary(started));
            }
        });

        LOG.info("ceip-agent {}: installation {}, consent {}, schedule '{}', endpoint {}, data in {}", agentVersion,
                installationId.existing().map(UUID::toString).orElse("(created with the first report)"),
                consent.peek(), cron, Settings.withoutSecrets(endpoint.toString()),
                dataDirectory.toAbsolutePath());
    }

    /**
     * Every setting checked against its definition before anything is made: unknown or repeated keys in the
     * configuration file (the first {@code file:} property location that exists), unknown {@code CEIP_*} environment
     * variables, and each value's type and range.
     */
    private static void checkConfiguration(CamelContext context) {
        org.apache.camel.spi.PropertiesComponent properties = context.getPropertiesComponent();
        Optional<Path> configFile = properties.getLocations().stream()
                .map(location -> location.replaceFirst(";.*$", ""))
                .filter(location -> location.startsWith("file:"))
                .map(location -> Path.of(location.substring("file:".length())))
                .filter(Files::isRegularFile).findFirst();
        java.util.Set<String> overrides = properties instanceof org.apache.camel.component.properties.PropertiesComponent
                camel && camel.getOverrideProperties() != null ? camel.getOverrideProperties().stringPropertyNames()
                : java.util.Set.of();
        new ConfigurationCheck(SettingCatalog.embedded()).verify(configFile, System.getenv(), overrides,
                properties::resolveProperty);
    }

    /** Every property key the properties component holds, with where it was read (its file, or how it was set). */
    private static Map<String, String> propertyLocations(CamelContext context) {
        java.util.Properties properties = context.getPropertiesComponent().loadProperties();
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

    /** Closes {@code resource} when the Camel context stops. */
    private static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        });
    }

    /** The next fire time of the report schedule, if it is scheduled. */
    static Optional<Instant> nextFireTime(CamelContext context) {
        try {
            QuartzComponent quartz = context.hasComponent("quartz") instanceof QuartzComponent q ? q : null;
            if (quartz == null || quartz.getScheduler() == null) {
                return Optional.empty();
            }
            Trigger trigger = quartz.getScheduler().getTrigger(new TriggerKey("report", "ceip"));
            return trigger == null || trigger.getNextFireTime() == null ? Optional.empty()
                    : Optional.of(trigger.getNextFireTime().toInstant());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Readiness and liveness: {@code UP} with the checks run, or {@code DOWN} with those that are not up. */
    static String healthSummary(CamelContext context) {
        return "readiness " + summary(HealthCheckHelper.invokeReadiness(context)) + ", liveness "
                + summary(HealthCheckHelper.invokeLiveness(context));
    }

    private static String summary(Collection<HealthCheck.Result> results) {
        String down = results.stream().filter(r -> r.getState() != HealthCheck.State.UP)
                .map(r -> r.getCheck().getId() + " " + r.getState()
                        + r.getMessage().map(m -> ": " + m).orElse(""))
                .collect(Collectors.joining(", "));
        return down.isEmpty()
                ? "UP (" + results.stream().map(r -> r.getCheck().getId()).sorted().collect(Collectors.joining(", "))
                        + ")"
                : "DOWN (" + down + ")";
    }

    /**
     * One sender per cluster ({@code ceip.cluster.enabled}): Quartz on a clustered JDBC job store in the shared
     * database ({@code ceip.cluster.database.*}, by default the product database), and the installation's values kept
     * there too. The start-up report is off: the cluster's schedule alone sends.
     */
    private static StateStore cluster(Settings settings, CamelContext context) throws Exception {
        DataSource shared = new DriverManagerDataSource(settings.string("ceip.cluster.database.url"),
                settings.optional("ceip.cluster.database.user").orElse(null),
                settings.optional("ceip.cluster.database.password").orElse(null),
                (int) settings.duration("ceip.database.login-timeout").toSeconds());
        String nodeId = settings.optional("ceip.cluster.node-id").filter(id -> !id.isBlank())
                .orElseGet(QuartzCluster::defaultNodeId);
        context.getComponent("quartz", QuartzComponent.class).setProperties(
                QuartzCluster.prepare(shared, nodeId, settings.duration("ceip.cluster.checkin-interval")));
        LOG.info("Cluster mode: node {} shares the schedule and the installation ID through {}", nodeId, shared);
        return new JdbcStateStore(shared).ensureTable();
    }
}
