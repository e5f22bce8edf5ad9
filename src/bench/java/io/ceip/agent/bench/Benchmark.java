package io.ceip.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark harness ({@code mvn -Pbench verify}): runs the packaged agent and its baselines — (a) a bare
 * camel-main timer → log application, and (a') camel-main running the agent's own route files with stand-in beans
 * (what the runtime alone spends on those routes), (b) a plain {@code HttpClient} POST loop, (c) the same SQL over
 * plain JDBC — each in a JVM of its own with the same flags, alternating A B A B so that drift of a shared machine
 * cancels out in the ratios, and prints one table (median, min, max, the baseline and the ratio), also written to
 * {@code target/bench/results.md}. It asserts nothing: the figures are for people to read.
 * <p>
 * System properties: {@code bench.runs} (default 5), {@code bench.jvm} (the JVM flags of every process, default
 * {@value #DEFAULT_FLAGS}), {@code bench.rows} (usage rows on PostgreSQL, default 1,000,000), {@code bench.replay}
 * (dead letters, default 5,000), {@code bench.long-cycles} (cycles of each -Xmx64m run, default 1,000),
 * {@code bench.only} (a comma list of {@code long}, {@code postgres}, {@code replay}, {@code events},
 * {@code events-long}, {@code oneshot}: run only those after the start-up figures; {@code oneshot}, {@code events}
 * and {@code events-long} alone skip the start-up figures too ({@link OneShotSend}, {@link EventsThroughSpool});
 * default all), {@code bench.events-day} and {@code bench.events-minutes} (events-long: how many events in how many
 * minutes, default 1,000,000 in 5), {@code bench.skip-startup} ({@code true}: no start-up figures; the replay then
 * sends the gzip report file {@code bench.replay-body}), {@code bench.replay-delay} (milliseconds from the agent's
 * start to its timer's replay, default 1,000), {@code bench.jfr} (JFR settings, e.g. {@code profile}; non-empty:
 * profile the start-ups of the agent, of (a') and of the floor, printed with the table, and record the agent's replay
 * and events runs, all into
 * {@code target/bench/*.jfr}).
 */
public final class Benchmark {

    static final String DEFAULT_FLAGS = "-XX:+UseSerialGC -Xmx128m";
    private static final String AGENT_MBEAN = "org.apache.camel:context=ceip-agent,type=ceip,name=agent";
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** When the idle memory is read after the cycles: past the JVM's next native-heap trim (every second, AGENT_FLAGS). */
    private static final Duration IDLE = Duration.ofSeconds(15);

    private final Path root = Path.of("").toAbsolutePath();
    final Path out = root.resolve("target/bench");
    final Path jar = root.resolve("target/ceip-agent.jar");
    final String classpath = jar + java.io.File.pathSeparator + root.resolve("target/test-classes");
    final int runs = Integer.getInteger("bench.runs", 5);
    final List<String> flags = new ArrayList<>();
    private final TestCertificates certificates = TestCertificates.localhost();
    private final TestHttpsServer collector = TestHttpsServer.start(certificates, 0);
    /** The demo product database, served from this JVM as a product's database is: outside the agent's process. */
    private final org.h2.tools.Server productDatabase;
    private final Path trusted;
    private final List<Figure> figures = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** JFR settings for the profiles ({@code bench.jfr}, e.g. {@code profile}); blank: no profiles. */
    final String jfrSettings = System.getProperty("bench.jfr", "");

    private Benchmark() throws IOException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        deleteRecursively(out);
        Files.createDirectories(out);
        trusted = certificates.writePem(out.resolve("collector.pem"));
        try {
            productDatabase = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir",
                    Files.createDirectories(out.resolve("product-database")).toString()).start();
        } catch (java.sql.SQLException e) {
            throw new IOException("the H2 server for the demo product database did not start", e);
        }
        flags.addAll(Arrays.asList(System.getProperty("bench.jvm", DEFAULT_FLAGS).trim().split("\\s+")));
        flags.add("-Dlog4j2.configurationFile=" + root.resolve("src/main/resources/log4j2.properties"));
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark();
        java.util.Set<String> only = new java.util.HashSet<>(Arrays.asList(
                System.getProperty("bench.only", "").strip().split("\\s*,\\s*")));
        only.remove("");
        try {
            // the one-shot's and the events' figures alone (or -Dbench.skip-startup=true): no start-up figures
            boolean startUp = (only.isEmpty() || !List.of("oneshot", "events", "events-long").containsAll(only))
                    && !Boolean.getBoolean("bench.skip-startup");
            if (startUp) {
                benchmark.startUpMemoryAndCycles();
            }
            if (startUp && !benchmark.jfrSettings.isBlank()) {
                benchmark.startUpProfile();
            }
            if (only.isEmpty() || only.contains("long")) {
                benchmark.longRunInSmallHeap();
            }
            if (only.isEmpty() || only.contains("postgres")) {
                benchmark.collectionOnPostgres();
            }
            if (only.isEmpty() || only.contains("replay")) {
                benchmark.replayOfDeadLetters();
            }
            if (only.isEmpty() || only.contains("events")) {
                new EventsThroughSpool(benchmark).rate();
            }
            if (only.isEmpty() || only.contains("events-long")) {
                new EventsThroughSpool(benchmark).memory();
            }
            if (only.isEmpty() || only.contains("oneshot")) {
                new OneShotSend(benchmark.root, benchmark.out, benchmark.runs, benchmark.collector, benchmark.trusted,
                        benchmark.productDatabaseUrl(), args1 -> benchmark.figure(args1[0], args1[1], args1[2]))
                        .measure();
            }
        } finally {
            benchmark.collector.close();
            benchmark.productDatabase.stop();
        }
        benchmark.report();
        System.exit(0);
    }

    // --- start-up, memory, cycles, wire size --------------------------------------------------------------------

    private void startUpMemoryAndCycles() throws Exception {
        Figure startUp = figure("start-up to all routes started", "ms", "agent / floor ≤ 1.3");
        Figure routesStartUp = figure("start-up against camel-main running the agent's own route files with stand-in"
                + " beans", "ms", "figure only");
        Figure mainCpu = figure("of which the main thread's CPU time", "ms", "figure only");
        Figure jitCpu = figure("the JIT compiler threads' CPU time by then (2 cores in all)", "ms", "figure only");
        Figure classTime = figure("of which loading and initialising classes (HotSpot's sun.cls.time)", "ms",
                "figure only");
        Figure classBytes = figure("class bytes loaded by then (sun.cls.loadedBytes)", "MiB", "figure only");
        Figure rssStart = figure("resident memory after start-up", "MiB", "agent / floor ≤ 1.3");
        Figure rssCycles = figure("resident memory after 100 report cycles", "MiB", "agent / floor ≤ 1.3");
        Figure rssIdle = figure("resident memory " + IDLE.toSeconds() + " s after the cycles (idle)", "MiB",
                "figure only");
        Figure cycle = figure("one report cycle end to end (collect → 2xx), H2 demo data", "ms", "median and p99");
        Figure wire = figure("default report on the wire (gzip)", "bytes", "≤ 2048");
        Figure share = figure("gzip size / JSON size", "%", "≤ 35 %");
        Path agentDir = agentDirectory("agent");
        Path floorDir = Files.createDirectories(out.resolve("floor"));
        Path routesFloorDir = agentDirectory("routes-floor");
        List<Double> cycleTimes = new ArrayList<>();
        int jsonBytes = 0;
        for (int run = 0; run <= runs; run++) {
            boolean warmUp = run == 0;
            try (BenchProcess agent = BenchProcess.start(flags, List.of("-jar", jar.toString(), "run"), agentDir,
                    agentEnv(Map.of()))) {
                double started = agent.awaitStarted(START_TIMEOUT);
                BenchProcess.ThreadCpu cpu = agent.threadCpu();
                Map<String, Double> counters = agent.perfCounters();
                Thread.sleep(2000);
                double rss = agent.rssKib() / 1024.0;
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    times.add(sendNow(agent));
                }
                Thread.sleep(1000);
                double rssAfter = agent.rssKib() / 1024.0;
                Thread.sleep(IDLE.toMillis() - 1000);
                if (!warmUp) {
                    startUp.agent.add(started);
                    routesStartUp.agent.add(started);
                    mainCpu.agent.add(cpu.mainMillis());
                    jitCpu.agent.add(cpu.compilerMillis());
                    classTime.agent.add(counters.get("sun.cls.time"));
                    classBytes.agent.add(counters.get("sun.cls.loadedBytes") / (1024 * 1024));
                    rssStart.agent.add(rss);
                    rssCycles.agent.add(rssAfter);
                    rssIdle.agent.add(agent.rssKib() / 1024.0);
                    cycleTimes.addAll(times);
                    jsonBytes = lastReportOnTheWire(wire, share);
                }
            }
            try (BenchProcess routes = BenchProcess.start(flags, List.of("-cp", classpath,
                    RoutesFloorApp.class.getName()), routesFloorDir, agentEnv(Map.of()))) {
                double started = routes.awaitStarted(START_TIMEOUT);
                if (!warmUp) {
                    routesStartUp.baseline.add(started);
                }
            }
            try (BenchProcess floor = BenchProcess.start(flags, List.of("-cp", classpath, FloorApp.class.getName(),
                    "20"), floorDir, Map.of())) {
                double started = floor.awaitStarted(START_TIMEOUT);
                BenchProcess.ThreadCpu cpu = floor.threadCpu();
                Map<String, Double> counters = floor.perfCounters();
                Thread.sleep(2000);
                double rss = floor.rssKib() / 1024.0;
                floor.threads(); // the same instrument as on the agent: a JMX connection through the attach API
                int fired = floor.count("floor - Exchange[");
                while (floor.count("floor - Exchange[") < fired + 100) {
                    Thread.sleep(20);
                }
                Thread.sleep(1000);
                double rssAfter = floor.rssKib() / 1024.0;
                Thread.sleep(IDLE.toMillis() - 1000);
                if (!warmUp) {
                    startUp.baseline.add(started);
                    mainCpu.baseline.add(cpu.mainMillis());
                    jitCpu.baseline.add(cpu.compilerMillis());
                    classTime.baseline.add(counters.get("sun.cls.time"));
                    classBytes.baseline.add(counters.get("sun.cls.loadedBytes") / (1024 * 1024));
                    rssStart.baseline.add(rss);
                    rssCycles.baseline.add(rssAfter);
                    rssIdle.baseline.add(floor.rssKib() / 1024.0);
                }
            }
        }
        cycle.agent.addAll(cycleTimes);
        routesStartUp.note = String.format(Locale.ROOT, "baseline: the agent's 12 route files, property files and"
                + " Quartz settings, every bean a stand-in that does nothing (RoutesFloorApp); that run is %.2f × the"
                + " bare floor's start-up: the runtime's own cost of these routes", Figure.median(
                        routesStartUp.baseline) / Figure.median(startUp.baseline));
        rssIdle.note = "the agent's JVM trims its C heap every second (-XX:TrimNativeHeapInterval=1000) and starts"
                + " with a 32 MiB heap (-Xms32m), as bin/ceip-agent starts it; the floor's timer never stops";
        cycle.note = String.format(Locale.ROOT, "p99 %s ms over %d cycles (JMX sendNow round trip)",
                Figure.number(Figure.percentile(cycleTimes, 99)), cycleTimes.size());
        wire.note = "the last report of each run";
        share.note = jsonBytes + " bytes of JSON in the last run; baseline = the same JSON at gzip's best level (9)";
    }

    /** Adds the size of the last report received, and its gzip share against gzip's best level, to the figures. */
    private int lastReportOnTheWire(Figure wire, Figure share) throws IOException {
        TestHttpsServer.Received last = collector.received().get(collector.received().size() - 1);
        byte[] json = last.json().getBytes(StandardCharsets.UTF_8);
        wire.agent.add((double) last.rawBody().length);
        share.agent.add(100.0 * last.rawBody().length / json.length);
        share.baseline.add(100.0 * gzipFloor(json) / json.length);
        return json.length;
    }

    /** The size of {@code json} gzipped at the best compression level. */
    private static int gzipFloor(byte[] json) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(json);
        }
        return bytes.size();
    }

    /** Runs one report cycle over JMX and returns its duration in milliseconds. */
    static double sendNow(BenchProcess agent) throws Exception {
        long started = System.nanoTime();
        String answer = String.valueOf(agent.invoke(AGENT_MBEAN, "sendNow"));
        double millis = (System.nanoTime() - started) / 1e6;
        if (!answer.contains("delivered")) {
            throw new IllegalStateException("sendNow: " + answer);
        }
        return millis;
    }

    // --- 1,000 cycles in a 64 MiB heap -----------------------------------------------------------------------------

    private void longRunInSmallHeap() throws Exception {
        int cycles = Integer.getInteger("bench.long-cycles", 1000);
        int tenth = cycles / 10;
        List<String> small = new ArrayList<>(flags);
        small.removeIf(flag -> flag.startsWith("-Xmx"));
        small.add("-Xmx64m");
        Figure heap = figure("-Xmx64m, " + cycles + " cycles: heap after GC, first → last tenth", "KiB",
                "no growth");
        Figure threads = figure("-Xmx64m, " + cycles + " cycles: the agent's live threads, most in first → second"
                + " half", "threads", "no growth");
        List<Long> growths = new ArrayList<>();
        List<String> threadChanges = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (BenchProcess agent = BenchProcess.start(small, List.of("-jar", jar.toString(), "run"),
                    agentDirectory("agent-64m-" + run), agentEnv(Map.of()))) {
                agent.awaitStarted(START_TIMEOUT);
                List<String> samples = new ArrayList<>();
                List<Long> heaps = new ArrayList<>();
                List<List<String>> names = new ArrayList<>();
                for (int i = 1; i <= cycles; i++) {
                    sendNow(agent);
                    if (i % tenth == 0) {
                        heaps.add(agent.heapAfterGcKib());
                        names.add(agent.ownThreadNames());
                        samples.add(i + ":" + heaps.get(heaps.size() - 1) + "KiB/"
                                + names.get(names.size() - 1).size() + "t");
                    }
                }
                heap.agent.add((double) heaps.get(heaps.size() - 1));
                heap.baseline.add((double) heaps.get(0));
                growths.add(heaps.get(heaps.size() - 1) - heaps.get(0));
                int half = names.size() / 2;
                int firstHalf = names.subList(0, half).stream().mapToInt(List::size).max().orElse(0);
                int secondHalf = names.subList(half, names.size()).stream().mapToInt(List::size).max().orElse(0);
                threads.agent.add((double) secondHalf);
                threads.baseline.add((double) firstHalf);
                List<String> came = new ArrayList<>(names.get(names.size() - 1));
                came.removeAll(names.get(0));
                List<String> went = new ArrayList<>(names.get(0));
                went.removeAll(names.get(names.size() - 1));
                if (secondHalf > firstHalf || !came.isEmpty() || !went.isEmpty()) {
                    threadChanges.add("run " + run + ": " + firstHalf + " → " + secondHalf + ", came " + came
                            + ", went " + went);
                }
                if (run == runs) {
                    notes.add("Heap after GC / the agent's live threads every " + tenth + " cycles at -Xmx64m, last"
                            + " run: " + samples);
                    notes.add("The agent's threads at the end of the last long run: " + names.get(names.size() - 1));
                }
            }
        }
        long bound = Math.max(512, Math.round(Figure.median(heap.baseline) * 0.05));
        heap.note = (growths.stream().allMatch(growth -> growth <= bound) ? "yes" : "NO") + ": growth per run "
                + growths + " KiB (bound " + bound + " KiB); baseline column = after the first tenth";
        threads.note = (threadChanges.isEmpty() ? "yes: the same threads" : "NO: " + threadChanges)
                + " from the first tenth to the end of every run (the harness's JMX connection threads are not"
                + " counted)";
    }

    // --- start-up profile ------------------------------------------------------------------------------------------

    /**
     * With {@code bench.jfr}: the start-ups of the agent, of its routes with stand-in beans (a') and of the floor
     * recorded with JFR, alternating, each stopped once its routes are started; where the main thread's samples fell, by phase and library (see
     * {@link StartUpProfile}).
     */
    private void startUpProfile() throws Exception {
        StartUpProfile agentProfile = new StartUpProfile();
        StartUpProfile routesProfile = new StartUpProfile();
        StartUpProfile floorProfile = new StartUpProfile();
        Path agentDir = agentDirectory("agent-profile");
        Path routesDir = agentDirectory("routes-floor-profile");
        Path floorDir = Files.createDirectories(out.resolve("floor-profile"));
        for (int run = 1; run <= runs; run++) {
            agentProfile.add(recordStartUp("start-agent-" + run, List.of("-jar", jar.toString(), "run"), agentDir,
                    agentEnv(Map.of())));
            routesProfile.add(recordStartUp("start-routes-floor-" + run, List.of("-cp", classpath,
                    RoutesFloorApp.class.getName()), routesDir, agentEnv(Map.of())));
            floorProfile.add(recordStartUp("start-floor-" + run, List.of("-cp", classpath, FloorApp.class.getName(),
                    "20"), floorDir, Map.of()));
        }
        notes.add(String.format(Locale.ROOT, "Start-up profile (JFR settings '%s', %d runs each, launch to routes"
                + " started, main thread's execution samples): agent %d, the agent's routes with stand-in beans %d,"
                + " floor %d.%n- agent by phase (by library): %s%n- routes with stand-ins by phase (by library): %s%n-"
                + " floor by phase (by library): %s%n- agent, what the sampled frames were doing: %s%n- routes with"
                + " stand-ins, what the sampled frames were doing: %s%n- floor, what the sampled frames were doing:"
                + " %s%n- agent, top frames: %s%n- routes with stand-ins, top frames: %s%n- floor, top frames: %s",
                jfrSettings, runs, agentProfile.total(), routesProfile.total(), floorProfile.total(),
                String.join("; ", agentProfile.phases()), String.join("; ", routesProfile.phases()),
                String.join("; ", floorProfile.phases()), agentProfile.leaves(), routesProfile.leaves(),
                floorProfile.leaves(), agentProfile.topFrames(12), routesProfile.topFrames(12),
                floorProfile.topFrames(12)));
    }

    /** Starts {@code java <flags> <arguments>} recorded by JFR until its routes are started; the recording. */
    private Path recordStartUp(String name, List<String> arguments, Path directory, Map<String, String> env)
            throws Exception {
        List<String> recorded = new ArrayList<>(flags);
        recorded.add(recording(name));
        try (BenchProcess process = BenchProcess.start(recorded, arguments, directory, env)) {
            process.awaitStarted(START_TIMEOUT);
        }
        return out.resolve(name + ".jfr");
    }

    /** The JVM flag that records this process with JFR into {@code target/bench/NAME.jfr}. */
    String recording(String name) {
        return "-XX:StartFlightRecording=settings=" + jfrSettings + ",filename=" + out.resolve(name + ".jfr");
    }

    // --- collection on PostgreSQL ------------------------------------------------------------------------------------

    private void collectionOnPostgres() throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000L);
        ProductEngine postgres = PostgresEngine.seeded();
        long loadStarted = System.nanoTime();
        postgres.execute(
                "INSERT INTO host SELECT g, 'host-' || g, '10.0.0.1' FROM generate_series(1000, 999 + " + rows + ") g",
                "INSERT INTO service SELECT g, 'svc' FROM generate_series(1000, 999 + " + rows + ") g",
                // the keys the shipped ui-actions query declares (an undeclared one fails the query: typed usage data)
                "INSERT INTO ui_event SELECT g, (ARRAY['dashboards', 'reports', 'custom-views'])[1 + g % 3],"
                        + " now() - (g % 86000) * interval '1 second' FROM generate_series(1000, 999 + " + rows + ") g",
                "ANALYZE");
        notes.add(String.format(Locale.ROOT, "PostgreSQL (embedded, zonky): %,d rows each in host, service and"
                + " ui_event, loaded in %.1f s; the shipped config/usage-queries.yaml at full consent", rows,
                (System.nanoTime() - loadStarted) / 1e9));
        Figure collection = figure(String.format(Locale.ROOT, "collection on PostgreSQL, %,d rows per usage table",
                rows), "ms", "agent / direct JDBC ≤ 1.2");
        Figure peak = figure("agent heap peak during that collection", "MiB", "figure only");
        Path dir = agentDirectory("agent-pg");
        Map<String, String> env = agentEnv(Map.of("CEIP_DATABASE_URL", postgres.url(),
                "CEIP_DATABASE_USER", postgres.agentUser(), "CEIP_DATABASE_PASSWORD", ProductEngine.AGENT_PASSWORD,
                "CEIP_DATABASE_DEMO_DATA", "false", "CEIP_CONSENT_DEFAULT", "full"));
        Pattern direct = Pattern.compile("collected \\d+ rows in (\\d+) ms");
        for (int run = 0; run <= runs; run++) {
            boolean warmUp = run == 0;
            try (BenchProcess agent = BenchProcess.start(flags, List.of("-jar", jar.toString(), "run"), dir, env)) {
                agent.awaitStarted(START_TIMEOUT);
                agent.resetHeapPeaks();
                sendNow(agent);
                if (!warmUp) {
                    collection.agent.add(((Number) agent.attribute(AGENT_MBEAN, "LastCollectionDurationMillis"))
                            .doubleValue());
                    peak.agent.add(agent.heapPeakKib() / 1024.0);
                }
                if (Boolean.TRUE.equals(agent.attribute(AGENT_MBEAN, "LastCollectionPartial"))) {
                    throw new IllegalStateException("the collection on PostgreSQL was partial");
                }
            }
            try (BenchProcess jdbc = BenchProcess.start(flags, List.of("-cp", classpath, DirectJdbc.class.getName(),
                    postgres.url(), postgres.agentUser(), ProductEngine.AGENT_PASSWORD,
                    root.resolve("config/usage-queries.yaml").toString()), dir, Map.of())) {
                Matcher matcher = jdbc.awaitLog(direct, START_TIMEOUT);
                if (!warmUp) {
                    collection.baseline.add(Double.parseDouble(matcher.group(1)));
                }
            }
        }
    }

    // --- replay of dead letters --------------------------------------------------------------------------------------

    /** The gzip report {@code body} as the report {@code reportId}: the store sends an entry's own report only. */
    private static byte[] asReport(byte[] body, String reportId) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = (ObjectNode) json.readTree(GzipDataFormat.gunzip(body));
        report.put("reportId", reportId);
        return GzipDataFormat.gzip(json.writeValueAsBytes(report));
    }

    private void replayOfDeadLetters() throws Exception {
        int count = Integer.getInteger("bench.replay", 5000);
        // the first report the start-up figures' cycles sent; without them (bench.skip-startup), bench.replay-body
        String given = System.getProperty("bench.replay-body", "");
        if (collector.received().isEmpty() && given.isBlank()) {
            throw new IllegalArgumentException("bench.skip-startup=true needs bench.replay-body=<a gzip report file>"
                    + " (ceip-agent preview --raw > body.gz)");
        }
        byte[] body = collector.received().isEmpty() ? Files.readAllBytes(Path.of(given))
                : collector.received().get(0).rawBody();
        Path files = Files.createDirectories(out.resolve("replay-files"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            Files.write(files.resolve(id + ".json.gz"), asReport(body, id));
        }
        Figure rate = figure(String.format(Locale.ROOT, "replay of %,d dead letters to a local HTTPS collector",
                count), "reports/s", "agent / HttpClient ≥ 0.9 (issue 17)");
        // Each run is a new JVM on either side, so the warm-up run warms the disk, not the JIT: the first reports of a
        // run are sent while the compilers work (the agent has more code to compile), which weighs more in a short run.
        Figure steady = figure(String.format(Locale.ROOT, "the same, over the last %,d reports of each run (past the"
                + " JIT's warm-up)", count - count / 5), "reports/s", "figure only");
        // CPU time is what a shared machine disturbs least: the whole process's (the JIT's threads included), from its
        // first request to its last, per report
        Figure cpu = figure("the same, CPU time of the whole process per report, first request to last", "ms",
                "figure only");
        Figure jit = figure("of which the JIT compiler threads", "ms", "figure only");
        // the store is written once by the store itself (each entry is fsynced: slow on some disks) and copied for
        // every run
        Path template = Files.createDirectories(out.resolve("replay-store"));
        DeadLetterStore store = new DeadLetterStore(template, ObjectMapper::new, Clock.systemUTC(), count * 2,
                Long.MAX_VALUE);
        for (String id : ids) {
            store.savePending(id, Files.readAllBytes(files.resolve(id + ".json.gz")));
        }
        int agentConnections = 0;
        int plainConnections = 0;
        for (int run = 0; run <= runs; run++) {
            boolean warmUp = run == 0;
            Path dir = agentDirectory("agent-replay-" + run);
            copyDirectory(template, Files.createDirectories(dir.resolve("data/dead-letter")));
            int before = collector.received().size();
            int connections = collector.connections();
            List<String> replayFlags = new ArrayList<>(flags);
            if (!jfrSettings.isBlank()) {
                replayFlags.add(recording("replay-" + run));
            }
            try (BenchProcess agent = BenchProcess.start(replayFlags, List.of("-jar", jar.toString(), "run"), dir,
                    agentEnv(Map.of("CEIP_SCHEDULE_ENABLED", "false",
                            "CEIP_DEAD_LETTER_REPLAY_PERIOD", System.getProperty("bench.replay-delay", "1000"),
                            "CEIP_DEAD_LETTER_MAX_ENTRIES", Integer.toString(count * 2))))) {
                awaitReceived(before, 1);
                BenchProcess.ThreadCpu jitFirst = agent.threadCpu();
                double cpuFirst = agent.cpuMillis();
                List<TestHttpsServer.Received> batch = awaitReceived(before, count);
                double cpuLast = agent.cpuMillis();
                BenchProcess.ThreadCpu jitLast = agent.threadCpu();
                if (!warmUp) {
                    rate.agent.add(perSecond(batch, 0));
                    steady.agent.add(perSecond(batch, count / 5));
                    cpu.agent.add((cpuLast - cpuFirst) / count);
                    jit.agent.add((jitLast.compilerMillis() - jitFirst.compilerMillis()) / count);
                }
                agentConnections = collector.connections() - connections;
            }
            before = collector.received().size();
            connections = collector.connections();
            try (BenchProcess plain = BenchProcess.start(flags, List.of("-cp", classpath,
                    PlainHttpClientPoster.class.getName(), files.toString(), collector.url(), trusted.toString()),
                    out, Map.of())) {
                awaitReceived(before, 1);
                BenchProcess.ThreadCpu jitFirst = plain.threadCpu();
                double cpuFirst = plain.cpuMillis();
                List<TestHttpsServer.Received> batch = awaitReceived(before, count);
                double cpuLast = plain.cpuMillis();
                BenchProcess.ThreadCpu jitLast = plain.threadCpu();
                if (!warmUp) {
                    rate.baseline.add(perSecond(batch, 0));
                    steady.baseline.add(perSecond(batch, count / 5));
                    cpu.baseline.add((cpuLast - cpuFirst) / count);
                    jit.baseline.add((jitLast.compilerMillis() - jitFirst.compilerMillis()) / count);
                }
                plain.waitFor(Duration.ofSeconds(30));
                plainConnections = collector.connections() - connections;
            }
        }
        rate.note = "TLS connections opened in the last run: agent " + agentConnections + ", HttpClient "
                + plainConnections;
    }

    /** Waits for {@code count} more requests than {@code before}; returns them, in the order they arrived. */
    private List<TestHttpsServer.Received> awaitReceived(int before, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (collector.received().size() < before + count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (collector.received().size() - before) + " of " + count
                        + " reports arrived in 10 minutes");
            }
            Thread.sleep(20);
        }
        return collector.received().subList(before, before + count);
    }

    /** The rate of {@code batch} from its request {@code from} to its last, per second: both sides measured alike. */
    private static double perSecond(List<TestHttpsServer.Received> batch, int from) {
        Instant first = batch.get(from).at();
        Instant last = batch.get(batch.size() - 1).at();
        return (batch.size() - 1 - from) / (Duration.between(first, last).toNanos() / 1e9);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    Figure figure(String name, String unit, String target) {
        Figure figure = new Figure(name, unit, target);
        figures.add(figure);
        return figure;
    }

    /** A directory holding copies of the shipped routes/ and config/, as an installation has them. */
    Path agentDirectory(String name) throws IOException {
        Path dir = Files.createDirectories(out.resolve(name));
        for (String sub : List.of("routes", "config")) {
            Files.createDirectories(dir.resolve(sub));
            try (Stream<Path> files = Files.list(root.resolve(sub))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(sub).resolve(file.getFileName()));
                }
            }
        }
        return dir;
    }

    /** The shipped configuration, sending to the benchmark's collector instead of the embedded demo one. */
    Map<String, String> agentEnv(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("CEIP_COLLECTOR_ENABLED", "false");
        env.put("CEIP_ENDPOINT_URL", collector.url());
        env.put("CEIP_ENDPOINT_TRUST_STORE", trusted.toString());
        env.put("CEIP_SCHEDULE_INITIAL_DELAY", "3600000");
        env.put("CEIP_DATABASE_URL", productDatabaseUrl());
        env.putAll(extra);
        return env;
    }

    /** The demo product database in this JVM's H2 server. */
    private String productDatabaseUrl() {
        return "jdbc:h2:tcp://localhost:" + productDatabase.getPort() + "/demo-product;DB_CLOSE_DELAY=-1";
    }

    private void report() throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("ceip-agent benchmark, ").append(Instant.now()).append(", ").append(runs)
                .append(" runs per figure (after one warm-up run), A/B alternating\n");
        table.append("JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", flags: ").append(String.join(" ", flags))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n\n");
        table.append("| figure | unit | agent: median (min–max, n) | baseline: median (min–max, n) | ratio | target | note |\n");
        table.append("|---|---|---|---|---|---|---|\n");
        for (Figure figure : figures) {
            table.append(figure.row()).append('\n');
        }
        table.append("\nBaselines: start-up and memory — a bare camel-main timer → log app (timer every 20 ms) on the"
                + " same class path, reached over JMX like the agent before its cycles; the agent's product database"
                + " (H2 demo data) is an H2 server in the harness's JVM, as a product's database is outside the"
                + " agent's process; collection — the same SQL over plain JDBC in its own JVM; replay — one"
                + " java.net.http.HttpClient POSTing the same gzip files over the same TLS setup.\n");
        for (String note : notes) {
            table.append("\n").append(note).append('\n');
        }
        Files.writeString(out.resolve("results.md"), table.toString());
        System.out.println();
        System.out.println(table);
        System.out.println("(written to " + out.resolve("results.md") + ")");
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
