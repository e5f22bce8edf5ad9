package io.ceip.collector;

import io.ceip.collector.files.EmbeddedDatabase;
import io.ceip.collector.files.OwnerOnly;
import io.ceip.collector.files.SecretFile;
import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.FleetQueries;
import io.ceip.collector.fleet.FleetView;
import io.ceip.collector.intake.DecompressedBytesInProgress;
import io.ceip.collector.intake.FloodGuard;
import io.ceip.collector.intake.Intake;
import io.ceip.collector.intake.IntakeServer;
import io.ceip.collector.intake.ProductTokens;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;
import io.ceip.collector.store.StoreSteps;
import io.ceip.collector.tls.ServedCertificate;
import io.ceip.collector.validate.ReportValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.net.KeyCertOptions;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collector node: its settings ({@link CollectorSettings}), its certificate (the vendor's, or one made on first
 * start: {@link ServedCertificate}), its beans, and Camel Main running the routes of {@code collector.routes}
 * ({@code file:routes/*.camel.yaml}) with its HTTPS server ({@link IntakeServer}).
 */
public final class Collector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    /** What a Kafka record holds beside its report (the key, an installation ID; no headers; the batch's own). */
    static final long RECORD_OVERHEAD = 1024;
    /** The route every collector's routes' folder holds. */
    static final String INTAKE_ROUTE = "ceip-intake.camel.yaml";

    private final Main main;
    private final ReportStore store;

    private Collector(Main main, ReportStore store) {
        this.main = main;
        this.store = store;
    }

    /** Prepares a node (settings, certificate, store schema, beans); {@link #start()} or {@link #run()} runs it. */
    public static Collector create(Map<String, String> overrides) throws Exception {
        CollectorSettings settings = CollectorSettings.load(overrides);
        requireRoutes(settings.get("camel.main.routes-include-pattern"));
        IntakeServer.requireFree(settings.get("collector.host"), (int) settings.number("collector.port"));
        Path tokensFile = Path.of(settings.get("collector.tokens-file"));
        ProductTokens tokens = ProductTokens.load(tokensFile, System.getenv());
        if (tokens.fileHoldsATokenBut(DemoTokens.PRODUCT)) { // as the agent's JMX password file: refused, not warned
            SecretFile.check("collector.tokens-file", tokensFile, "product tokens");
        }
        if (tokens.size() == 0) {
            throw new IllegalArgumentException("collector.tokens-file: " + settings.get("collector.tokens-file")
                    + " names no product (<id>.product=<name>, <id>.token=<token>)");
        }
        String fleetToken = FleetToken.of(System.getenv(), settings.get("collector.fleet.token"));
        tokens.product("Bearer " + fleetToken).ifPresent(product -> {
            throw new IllegalArgumentException("collector.fleet.token: the same as the token of product '" + product
                    + "' (collector.tokens-file), which ships in its agents: give the fleet view a token of its own"
                    + " (or CEIP_COLLECTOR_FLEET_TOKEN)");
        });
        DemoTokens.check(settings.get("collector.host"), DemoTokens.PROXY_SET_UP.stream()
                .allMatch(limit -> settings.number(limit) == 0), tokens, fleetToken);
        Path dataDir = Path.of(settings.get("collector.data-dir"));
        Optional<Path> database = EmbeddedDatabase.base(settings.get("collector.store.jdbc-url"));
        if (overrides.isEmpty() && !settings.isSet("collector.store.jdbc-url")) {
            // the jar's own start, on the default URL: an upgraded node whose database that URL no longer names
            database.flatMap(base -> EmbeddedDatabase.earlierDefault(base, Path.of(""))).ifPresent(LOG::warn);
        }
        secureDataDir(dataDir, database);
        KeyCertOptions served = ServedCertificate.choose(settings.get("collector.tls.certificate"),
                settings.get("collector.tls.private-key"), dataDir.resolve("tls"),
                settings.get("collector.tls.key-store-password"));
        long maxCompressed = settings.number("collector.intake.max-compressed-bytes");
        long maxDecompressed = settings.number("collector.intake.max-decompressed-bytes");
        if (settings.get("collector.mode").equals("kafka")) {
            // a report must fit one Kafka record: past the producer's max.request.size it failed (503) for ever
            maxDecompressed = Math.min(maxDecompressed,
                    settings.number("collector.kafka.max-record-bytes") - RECORD_OVERHEAD);
        }
        DecompressedBytesInProgress inProgress = new DecompressedBytesInProgress(DecompressedBytesInProgress.budget(
                settings.number("collector.intake.max-decompressed-bytes-in-progress"),
                Runtime.getRuntime().maxMemory(), maxCompressed, maxDecompressed));
        int port = (int) settings.number("collector.port");
        long headerMillis = 1000 * settings.number("collector.intake.header-timeout-seconds");
        long bodyMillis = 1000 * settings.number("collector.intake.body-timeout-seconds");
        ReportStore store = new ReportStore(settings.get("collector.store.jdbc-url"),
                settings.get("collector.store.user"), settings.get("collector.store.password"),
                (int) settings.number("collector.store.max-event-names-per-day"),
                (int) settings.number("collector.store.max-column-values-per-day"));
        Retention retention = new Retention(store, (int) settings.number("collector.store.retention-months"),
                Clock.systemUTC());
        try {
            store.createSchema();
            if (Boolean.parseBoolean(settings.get("collector.store.enabled"))) {
                store.seedEventNames(Instant.now());
            }
            retention.run();
        } catch (SQLException e) {
            throw DatabaseUnusable.of(e, settings.get("collector.store.jdbc-url"),
                    settings.get("collector.store.password"));
        }
        // H2 has just made its files with the process's umask: owner-only (the directory already was)
        if (database.isPresent()) {
            EmbeddedDatabase.tighten(database.get());
        }
        FloodGuard flood = new FloodGuard((int) settings.number("collector.intake.max-requests-per-second"));

        int windowDays = (int) settings.number("collector.fleet.window-days");
        FleetView fleet = new FleetView(new FleetQueries(settings.get("collector.store.jdbc-url"),
                settings.get("collector.store.user"), settings.get("collector.store.password"), windowDays),
                new EventQueries(settings.get("collector.store.jdbc-url"), settings.get("collector.store.user"),
                        settings.get("collector.store.password"), windowDays,
                        (int) settings.number("collector.fleet.top")), fleetToken, flood,
                (int) settings.number("collector.fleet.query-timeout-seconds"),
                settings.number("collector.store.quarantine-max-records"));

        Main main = new Main();
        // the settings above are all: no classpath:application.properties (in another application's JVM, such as the
        // agent's demo, that file is the other application's)
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setOverrideProperties(settings.properties());
        main.bind("intake", new Intake(tokens, new ReportValidator(), store, maxCompressed, maxDecompressed,
                inProgress));
        main.bind("storeSteps", new StoreSteps(store,
                (int) settings.number("collector.store.quarantine-after-attempts"),
                settings.number("collector.store.quarantine-max-records")));
        main.bind("reportStore", store);
        main.bind("retention", retention);
        main.bind("fleetView", fleet);
        IntakeServer server = new IntakeServer(settings.get("collector.host"), port, served,
                new IntakeServer.Limits(maxCompressed, headerMillis, bodyMillis,
                        settings.number("collector.intake.min-body-bytes-per-second"),
                        (int) settings.number("collector.intake.max-requests-in-progress"),
                        (int) settings.number("collector.intake.max-connections"),
                        (int) settings.number("collector.intake.max-connections-per-address"),
                        (int) settings.number("collector.intake.max-requests-in-progress-per-address")),
                tokens, flood);
        main.bind(server.routerName(), server.router());
        main.bind("ceipWorkEnded", server.workEnded()); // a route policy factory: camel-main adds it to every route
        main.bind("platformHttpServerConfiguration", server.engineConfiguration());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                StepsOnlyTrace.apply(configured.getCamelContext()); // camel.main.tracing: never a token or a report
                try {
                    configured.getCamelContext().addService(server);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot add the HTTPS server", e);
                }
            }
        });
        return new Collector(main, store);
    }

    /**
     * The data directory, its {@code tls/} and the embedded database's directory (by default {@code db/} of the data
     * directory; wherever {@code collector.store.jdbc-url} puts it): made 0700 when missing; what exists with looser
     * permissions (an older collector made them 0755, the key store and the database 0644) is made owner-only, with
     * one warning naming what was changed. A database directory outside the data directory is not changed (it may be
     * shared), only the database's own files in it.
     */
    static void secureDataDir(Path dataDir, Optional<Path> database) throws IOException {
        Path tls = dataDir.resolve("tls");
        List<Path> dirs = new ArrayList<>(List.of(dataDir, tls));
        database.map(Path::getParent).filter(folder -> folder.startsWith(dataDir.toAbsolutePath().normalize()))
                .ifPresent(dirs::add);
        List<Path> changed = new ArrayList<>(OwnerOnly.tighten(dirs, List.of(tls), List.of(".p12")));
        if (database.isPresent()) {
            changed.addAll(EmbeddedDatabase.tighten(database.get()));
        }
        if (!changed.isEmpty()) {
            LOG.warn("Data directory: made owner-only (0700 directories, 0600 key store and database files), they"
                    + " were open to other users: {}", changed);
        }
        OwnerOnly.createDirectories(tls);
        if (database.isPresent()) {
            OwnerOnly.createDirectories(database.get().getParent());
        }
    }

    /**
     * The routes' folder of a {@code file:} pattern must be there, with the intake route in it: Camel would stop the
     * start with a stack trace (the jar run outside {@code collector/}), or start another project's routes (the jar
     * run in the repository's root, beside the agent's {@code routes/}) and fail on a file of theirs.
     */
    static void requireRoutes(String pattern) {
        if (pattern.startsWith("file:")) {
            Path folder = Path.of(pattern.substring(5)).getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("camel.main.routes-include-pattern: no folder " + folder + " in "
                        + Path.of("").toAbsolutePath() + " (run the collector in collector/, beside its routes/)");
            }
            if (folder != null && !Files.isRegularFile(folder.resolve(INTAKE_ROUTE))) {
                throw new IllegalArgumentException("camel.main.routes-include-pattern: no " + INTAKE_ROUTE + " in "
                        + folder.toAbsolutePath() + ", which holds no collector's routes (run the collector in"
                        + " collector/, beside its routes/)");
            }
        }
    }

    /** Starts the node and returns. */
    public Collector start() throws Exception {
        main.start();
        return this;
    }

    /** Runs the node until the JVM is asked to stop. */
    public void run() throws Exception {
        main.run();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public ReportStore store() {
        return store;
    }

    @Override
    public void close() throws Exception {
        main.stop();
        store.close();
    }
}
