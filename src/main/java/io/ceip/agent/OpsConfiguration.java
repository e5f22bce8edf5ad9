package io.ceip.agent;

import io.ceip.agent.DeliveryConfiguration.Delivery;
import io.ceip.agent.OutboxConfiguration.Outbox;
import io.ceip.agent.ScheduleConfiguration.Schedule;
import io.ceip.agent.config.Settings;
import io.ceip.agent.delivery.Destination;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.AgentMeters;
import io.ceip.agent.ops.DataDirectoryHealthCheck;
import io.ceip.agent.ops.DeliveryHealthCheck;
import io.ceip.agent.ops.EventCounters;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.ops.DestinationManagement;
import io.ceip.agent.ops.DestinationPreview;
import io.ceip.agent.ops.JmxLoginFiles;
import io.ceip.agent.ops.KeptUnsent;
import io.ceip.agent.ops.RejectedRequeue;
import io.ceip.agent.ops.RemoteJmxServer;
import io.ceip.agent.ops.ReportExport;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.ops.StoreHealthCheck;
import io.ceip.agent.ops.WhyNotSent;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.report.ReportRedactor;
import io.ceip.agent.tls.ServerKeyStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.support.processor.DefaultExchangeFormatter;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Operations, beside the flow: preview and export ({@code reportPreview}, {@code reportExport}), the health checks
 * (data directory, dead-letter store, delivery), the JMX bean ({@value AgentManagement#OBJECT_NAME}), the optional
 * remote JMX connector, and the agent's meters when Camel's metrics are on ({@code camel.metrics.enabled=true};
 * served with the health checks by Camel's management server, {@code camel.management.*}, on loopback).
 */
final class OpsConfiguration {

    /** The name under which camel-micrometer-prometheus binds its registry (MicrometerConstants.METRICS_REGISTRY_NAME). */
    static final String METER_REGISTRY = "metricsRegistry";

    private OpsConfiguration() {
    }

    static void configure(Wiring wiring, Schedule schedule, ConsentPolicy consent, AgentStatus status, Outbox outbox,
            Delivery delivery, ReportRedactor redactor) throws Exception {
        Settings settings = wiring.settings();
        CamelContext context = wiring.context();
        // Camel's tracer (camel.main.tracing) shows each step of each route, never what a message holds
        context.getTracer().setExchangeFormatter(stepsOnly());
        WhyNotSent whyNotSent = new WhyNotSent(redactor, settings.number("ceip.report.max-bytes"));
        ReportPreview preview = new ReportPreview(consent, delivery.template(), wiring.mapper(), whyNotSent);
        wiring.bind("reportPreview", preview);
        DestinationPreview destinationPreview = new DestinationPreview(preview, delivery.destinations(),
                delivery.gate(), consent, wiring.mapper());
        wiring.bind("destinationPreview", destinationPreview);
        // no export into a directory of the agent's own (a store, the sent copies, ...): it would pose as one of theirs
        Map<Path, String> owned = new LinkedHashMap<>();
        owned.put(settings.path("ceip.dead-letter.directory"), "a dead-letter store");
        owned.put(outbox.sent().directory(), "the copies of the reports sent");
        outbox.customer().ifPresent(customer -> owned.put(customer.queue().store().directory(), "a dead-letter store"));
        owned.put(settings.path("ceip.customer-endpoint.directory"), "the customer destination's directory");
        owned.put(settings.path("ceip.collector.directory"), "the embedded collector's directory");
        owned.put(settings.path("ceip.events.directory"), "the events spool");
        owned.put(wiring.dataDirectory().resolve(EventsConfiguration.AGGREGATE_FILE), "the events' window file");
        ReportExport export = new ReportExport(delivery.template(), outbox.ledger(), wiring.mapper(),
                wiring.dataDirectory(), owned, whyNotSent);
        wiring.bind("reportExport", export);

        // readiness: what JMX getHealth, the start-up line and /observe/health all read (camel-health's registry)
        wiring.bind("dataDirectoryHealthCheck", new DataDirectoryHealthCheck(wiring.dataDirectory()));
        // inside the data directory too: data/dead-letter replaced or made read-only after the start was UP until
        // the next report failed to be stored
        wiring.bind("deadLetterDirectoryHealthCheck", new DataDirectoryHealthCheck("dead-letter-directory",
                "the dead-letter store's directory (ceip.dead-letter.directory)",
                settings.path("ceip.dead-letter.directory").toAbsolutePath().normalize()));
        wiring.bind("storeHealthCheck", new StoreHealthCheck(status, delivery.destinations().customer().stream()
                .collect(java.util.stream.Collectors.toMap(Destination::name, Destination::status))));
        wiring.bind("deliveryHealthCheck",
                new DeliveryHealthCheck(status, settings.number("ceip.health.failed-cycles")));
        AgentManagement management = new AgentManagement(new AgentManagement.Parts(schedule.installationId(),
                settings.string("ceip.agent.version"), schedule.cron(), () -> nextFireTime(context), consent, status,
                outbox.queue(), preview, export, new RejectedRequeue(outbox.queue(), outbox.ledger(),
                settings.number("ceip.report.max-bytes")),
                () -> healthSummary(context),
                delivery.template()));
        wiring.bind("agentManagement", management);
        // what each destination's store keeps that no replay sends: over JMX (the vendor's) and as metrics
        java.util.function.Function<Destination, KeptUnsent> keptUnsent = destination -> new KeptUnsent(
                destination.queue().store(), settings.number("ceip.report.max-bytes"), wiring.mapper());
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        EventCounters events = spool == null ? null : new EventCounters(spool::accepted, spool::refusedLines,
                spool::refusedFiles, spool::overflowed, spool::deletedUnread);
        if (settings.bool("ceip.jmx.remote.enabled")) {
            Wiring.requireFreePort("ceip.jmx.remote.port", settings.string("ceip.jmx.remote.host"),
                    (int) settings.number("ceip.jmx.remote.port"), "remote JMX");
            context.addService(new RemoteJmxServer(settings.string("ceip.jmx.remote.host"),
                    (int) settings.number("ceip.jmx.remote.port"),
                    JmxLoginFiles.check(settings.optional("ceip.jmx.remote.password-file"),
                            settings.optional("ceip.jmx.remote.access-file")),
                    settings.bool("ceip.jmx.remote.ssl") ? jmxKeyStore(settings) : null));
        }
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                ManagementAgent agent = started.getManagementStrategy() == null ? null
                        : started.getManagementStrategy().getManagementAgent();
                if (agent != null) {
                    agent.register(management, new ObjectName(AgentManagement.OBJECT_NAME));
                    agent.register(keptUnsent.apply(delivery.destinations().vendor()),
                            new ObjectName(KeptUnsent.OBJECT_NAME));
                    if (events != null) {
                        agent.register(events, new ObjectName(EventCounters.OBJECT_NAME));
                    }
                    for (Destination other : delivery.destinations().customer().stream().toList()) {
                        agent.register(new DestinationManagement(other, destinationPreview, delivery.template(),
                                settings.number("ceip.report.max-bytes")),
                                new ObjectName(DestinationManagement.objectName(other)));
                    }
                }
                // Camel's Micrometer registry, there only with camel.metrics.enabled=true: otherwise no Micrometer
                // class is loaded
                Object meterRegistry = started.getRegistry().lookupByName(METER_REGISTRY);
                if (meterRegistry != null) {
                    for (Destination destination : delivery.destinations().all()) {
                        AgentMeters.bind(meterRegistry, destination.name(), destination.status(),
                                destination.queue().store(), wiring.clock());
                        AgentMeters.bindKeptUnsent(meterRegistry, destination.name(), keptUnsent.apply(destination));
                    }
                    if (events != null) {
                        AgentMeters.bindEvents(meterRegistry, events);
                    }
                }
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                Wiring.LOG.info("Health: {}", healthSummary(started));
            }
        });
    }

    /**
     * The server side of remote JMX's TLS: the key of {@code ceip.jmx.remote.key-store} (PKCS12), opened with
     * {@code ceip.jmx.remote.key-store-password}; a key store that is not set, missing or that the password does not
     * open stops the start in one line naming the setting.
     */
    private static ServerKeyStore jmxKeyStore(Settings settings) {
        Path keyStore = settings.optional("ceip.jmx.remote.key-store").map(Path::of).orElseThrow(() ->
                new IllegalArgumentException("ceip.jmx.remote.key-store is not set: remote JMX with TLS"
                        + " (ceip.jmx.remote.ssl=true) needs a PKCS12 key store with the agent's key and certificate"));
        return ServerKeyStore.open("ceip.jmx.remote.key-store", "ceip.jmx.remote.key-store-password", keyStore,
                settings.optional("ceip.jmx.remote.key-store-password").orElse(""));
    }

    /**
     * What Camel's tracer shows of an exchange: its ID and its body's type. Its default showed the body and the
     * headers at every step: the rows camel-jdbc read from the product database before the typed rules and the
     * pseudonyms, the lines a product handed before they were checked, and the events intake's {@code Authorization}
     * header.
     */
    static DefaultExchangeFormatter stepsOnly() {
        DefaultExchangeFormatter formatter = new DefaultExchangeFormatter();
        formatter.setShowExchangeId(true);
        formatter.setShowBodyType(true);
        formatter.setShowBody(false);
        formatter.setShowHeaders(false);
        formatter.setShowProperties(false);
        formatter.setShowAllProperties(false);
        formatter.setShowVariables(false);
        formatter.setShowException(false);
        formatter.setShowCaughtException(false);
        formatter.setShowStackTrace(false);
        formatter.setShowExchangePattern(false);
        formatter.setMultiline(false);
        return formatter;
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
                ? "UP (" + results.stream().map(OpsConfiguration::named).sorted().collect(Collectors.joining(", "))
                        + ")"
                : "DOWN (" + down + ")";
    }

    /** A check's id; a route's that is not started (off by its setting, which Camel's check counts UP) says so. */
    private static String named(HealthCheck.Result result) {
        Object status = result.getDetails().get("route.status");
        return result.getCheck().getId() + (status == null || "Started".equals(status.toString()) ? ""
                : " (" + status.toString().toLowerCase(Locale.ROOT) + ")");
    }
}
