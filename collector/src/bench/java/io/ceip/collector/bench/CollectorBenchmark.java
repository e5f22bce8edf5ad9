package io.ceip.collector.bench;

import io.ceip.collector.bench.FleetSimulator.Installation;
import io.ceip.collector.bench.FleetSimulator.Product;
import io.ceip.collector.bench.FleetSimulator.SimulatedReport;
import io.ceip.collector.support.KafkaBroker;
import io.ceip.collector.support.Postgres;
import io.ceip.collector.support.TestCollector;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;


import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The collector's benchmark ({@code mvn -B -o -Pbench verify} in {@code collector/}): a real Kafka broker (KRaft,
 * in this JVM), a real PostgreSQL and collector nodes run from the jar in JVMs of their own, fed by the
 * {@link FleetSimulator} over HTTPS. Prints one table, also {@code target/bench/results.md}:
 * <ol>
 * <li>reports accepted per second by one intake node (kafka mode, intake only) against a plain Kafka producer
 * writing the same records with the same settings and concurrency (A B A B, median of {@code bench.runs}), both
 * warmed up first with {@code bench.warm-up} reports each (default 80,000: after 20,000 the node's C2 compiler
 * threads still took 21 % of its CPU in the timed runs, after 80,000 1 %), the agents' gzip done before the timed
 * window; with the CPU each side used per report (the node's process against the plain producer's threads), the
 * bench's own JVM's (the agents' HTTPS clients, or the plain producer, and the broker), what the cores allow with
 * both, and the node's CPU by thread in the timed runs;</li>
 * <li>a burst: {@code bench.burst} reports of as many installations, {@code bench.clients-burst} agents at once, the
 * node's per-address limit at {@code bench.burst-limit}/s (every simulated agent shares 127.0.0.1): its answers,
 * the Kafka lag (largest, and when the last report was answered) and the time the store needs to catch up;</li>
 * <li>the delay from the first send to the database commit, median and p99, at a steady {@code bench.steady-rate}
 * reports/s and in the burst;</li>
 * <li>bytes per report in Kafka and in PostgreSQL; each node's memory;</li>
 * <li>the exactly-once check: every report answered 2xx, one row per report, the counts.</li>
 * </ol>
 * {@code -Dbench.only=throughput} runs the first row only; {@code -Dbench.jfr=true} records each node with Java
 * Flight Recorder ({@code target/bench/<node>.jfr}, the {@code profile} settings, or those of a {@code .jfc} file
 * given instead of {@code true}). Exits 1 when the exactly-once
 * check fails.
 */
public final class CollectorBenchmark {

    private static final String PLAIN_CLIENT = "bench-plain";

    private final Path out = Path.of("target/bench").toAbsolutePath();
    private final int runs = Integer.getInteger("bench.runs", 3);
    private final int throughputReports = Integer.getInteger("bench.throughput", 1500);
    private final int clients = Integer.getInteger("bench.clients", 8);
    /** Reports each side of the throughput row gets before the timed runs, so that both are measured warm. */
    private final int warmUp = Integer.getInteger("bench.warm-up", 80_000);
    private final int burst = Integer.getInteger("bench.burst", 10_000);
    private final int burstClients = Integer.getInteger("bench.clients-burst", 32);
    private final int burstLimit = Integer.getInteger("bench.burst-limit", 400);
    private final int steadyRate = Integer.getInteger("bench.steady-rate", 20);
    private final int steadySeconds = Integer.getInteger("bench.steady-seconds", 20);
    /** {@code all}, or {@code throughput}: only the first row (node against plain producer) and its CPU. */
    private final String only = System.getProperty("bench.only", "all");
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public static void main(String[] args) {
        boolean ok = false;
        try {
            ok = new CollectorBenchmark().run();
        } catch (Exception e) {
            // the broker's and the nodes' threads would keep the JVM (and the build) waiting: exit either way
            e.printStackTrace();
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(out);
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Path tokens = out.resolve("tokens.properties");
        StringBuilder tokenFile = new StringBuilder();
        for (Product product : FleetSimulator.PRODUCTS) {
            tokenFile.append(product.id()).append(".product=").append(product.name()).append('\n')
                    .append(product.id()).append(".token=").append(product.token()).append('\n');
        }
        TestCollector.tokensFile(tokens, tokenFile.toString());
        Path kafkaDir = Files.createTempDirectory(out, "kafka");
        try (KafkaBroker kafka = KafkaBroker.start(kafkaDir); Postgres postgres = Postgres.start()) {
            for (String topic : List.of("ceip-reports", "bench-intake", "bench-plain")) {
                kafka.createTopic(topic, 4);
            }
            String url = postgres.database("ceip");
            Map<String, String> common = Map.of("collector.mode", "kafka", "collector.kafka.brokers",
                    kafka.bootstrap(), "collector.store.jdbc-url", url, "collector.store.user", "postgres",
                    "collector.tokens-file", tokens.toString());
            FleetSimulator fleet = new FleetSimulator(Math.max(burst, throughputReports), 42);
            throughput(kafka, fleet, common);
            return only.equals("throughput") || burstAndStore(kafka, url, fleet, common);
        } finally {
            write();
        }
    }

    /**
     * 1: one intake node against a plain producer, same records, same concurrency, alternating; with
     * {@code bench.baseline} (another build's directory, see {@link NodeProcess#start(Path, String, Map, Path)}) a node
     * of that build takes its turn in every run as well (A B C, then C B A, ...), so that a change is measured
     * against the code before it under the same load.
     */
    private void throughput(KafkaBroker kafka, FleetSimulator fleet, Map<String, String> common) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(common);
        settings.putAll(Map.of("collector.store.enabled", "false", "collector.kafka.topic", "bench-intake",
                "collector.intake.max-requests-per-second", "0"));
        String baseline = System.getProperty("bench.baseline", "");
        List<Contender> contenders = new ArrayList<>();
        try (KafkaProducer<String, byte[]> plain = producer(kafka.bootstrap())) {
            contenders.add(new Contender("intake node", NodeProcess.start(out, "intake-node", settings), null));
            if (!baseline.isBlank()) {
                contenders.add(new Contender("intake node, baseline " + baseline, NodeProcess.start(out,
                        "baseline-node", settings, Path.of(baseline)), null));
            }
            contenders.add(new Contender("plain", null, plain));
            for (Contender contender : contenders) {
                if (contender.node != null) {
                    ready(contender.node, fleet);
                }
            }
            for (int done = 0; done < warmUp; done += throughputReports) {
                List<SimulatedReport> batch = reports(fleet, Math.min(throughputReports, warmUp - done));
                for (Contender contender : contenders) {
                    contender.run(batch, false);
                }
            }
            Map<String, Long> threadsBefore = contenders.get(0).node.cpuMillisByThread();
            for (int run = 0; run < runs; run++) {
                List<SimulatedReport> batch = reports(fleet, throughputReports);
                List<Contender> order = new ArrayList<>(contenders);
                if (run % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Contender contender : order) {
                    contender.run(batch, true);
                }
            }
            Map<String, Long> threads = contenders.get(0).node.cpuMillisByThread();
            threadsBefore.forEach((name, millis) -> threads.merge(name, -millis, Long::sum));
            Contender plainSide = contenders.get(contenders.size() - 1);
            double plainRate = median(plainSide.rates);
            double plainPerCpuSecond = plainSide.accepted / (plainSide.cpu / 1000.0);
            String how = clients + " agents at once, gzip done before the timed window, their HTTPS client on the"
                    + " same " + Runtime.getRuntime().availableProcessors() + " cores; both sides warmed with "
                    + warmUp + " reports";
            for (Contender contender : contenders.subList(0, contenders.size() - 1)) {
                double nodeRate = median(contender.rates);
                row("reports accepted per second, one " + contender.name + " (HTTPS, gunzip, schema, dedupe"
                        + " look-up, Kafka acks=all; " + how + ")", "%.0f /s (runs %s)"
                        .formatted(nodeRate, rates(contender.rates)), "goal ≥ 0.8 of the plain producer");
                row("ratio " + contender.name + " / plain producer", "%.2f".formatted(nodeRate / plainRate),
                        nodeRate / plainRate >= 0.8 ? "goal met" : "goal NOT met");
                row("CPU per accepted report, " + contender.name, "%.2f ms".formatted((double) contender.cpu
                        / contender.accepted), "user + system time of the node's JVM / reports");
                double benchSide = (double) contender.benchCpu / contender.accepted;
                double both = (double) contender.cpu / contender.accepted + benchSide;
                row("CPU per accepted report, the bench's side with " + contender.name, "%.2f ms".formatted(benchSide),
                        "the bench's JVM: the agents' HTTPS clients and the broker (the plain producer's runs: %.3f ms"
                        .formatted((double) plainSide.benchCpu / plainSide.accepted)
                        + " a record, producer and broker)");
                row("the " + Runtime.getRuntime().availableProcessors() + " cores' budget with " + contender.name,
                        "%.2f ms a report: at most %.0f /s".formatted(both, Runtime.getRuntime()
                                .availableProcessors() * 1000 / both), "node + bench's side, all cores busy");
                double perCpuSecond = contender.accepted / (contender.cpu / 1000.0);
                row("reports per CPU-second, " + contender.name + " / plain producer (extra figure, not the goal)",
                        "%.0f / %.0f = %.2f".formatted(perCpuSecond, plainPerCpuSecond,
                                perCpuSecond / plainPerCpuSecond),
                        "node: its whole process (GC and JIT included; not the agents' TLS); plain: its "
                        + clients + " sending threads and its network thread (not the bench JVM's GC and JIT,"
                        + " which it shares with the broker)");
            }
            row("plain Kafka producer, same records (idempotent, acks=all, linger 0, lz4, " + clients + " threads sync;"
                    + " warmed with " + warmUp + " records)", "%.0f /s (runs %s)".formatted(plainRate,
                            rates(plainSide.rates)), "CPU per record %.3f ms".formatted((double) plainSide.cpu
                                    / plainSide.accepted));
            memory("intake node", contenders.get(0).node);
            long all = threads.values().stream().mapToLong(Long::longValue).sum();
            row("the intake node's CPU by thread in the timed runs", threads.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .map(entry -> "%s %.0f %%".formatted(entry.getKey(), 100.0 * entry.getValue() / all))
                    .collect(Collectors.joining(" · ")), "kernel's thread names (15 characters), digits as N");
        } finally {
            for (Contender contender : contenders) {
                if (contender.node != null) {
                    contender.node.close();
                }
            }
        }
    }

    /** One side of the throughput row: a node (its rates, CPU and accepted reports), or the plain producer. */
    private final class Contender {
        final String name;
        final NodeProcess node;
        final KafkaProducer<String, byte[]> plain;
        final List<Double> rates = new ArrayList<>();
        long cpu;
        /** CPU of the bench's JVM in the counted runs, ms: the agents' clients, or the plain producer, and the broker. */
        long benchCpu;
        long accepted;

        Contender(String name, NodeProcess node, KafkaProducer<String, byte[]> plain) {
            this.name = name;
            this.node = node;
            this.plain = plain;
        }

        void run(List<SimulatedReport> batch, boolean counted) throws Exception {
            long benchBefore = benchCpuMillis();
            if (node == null) {
                long[] cpuNanos = new long[1];
                double seconds = plainProducer(plain, batch, cpuNanos);
                if (counted) {
                    benchCpu += benchCpuMillis() - benchBefore;
                    cpu += cpuNanos[0] / 1_000_000;
                    accepted += batch.size();
                    rates.add(batch.size() / seconds);
                }
                return;
            }
            try (SimulatedAgents agents = new SimulatedAgents(pem(node), node.reports(), 0)) {
                long cpuBefore = node.cpuMillis();
                double seconds = agents.sendAll(batch, clients);
                if (counted) {
                    benchCpu += benchCpuMillis() - benchBefore;
                    cpu += node.cpuMillis() - cpuBefore;
                    accepted += agents.answered(202);
                    rates.add(agents.answered(202) / seconds);
                }
            }
        }
    }

    /** The CPU time (user + system) of this JVM so far, ms: the agents or the plain producer, and the broker. */
    private static long benchCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /** 2-5: a node with the store; the burst, the steady delay, bytes, memory, exactly-once. */
    private boolean burstAndStore(KafkaBroker kafka, String url, FleetSimulator fleet, Map<String, String> common)
            throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(common);
        settings.put("collector.intake.max-requests-per-second", Integer.toString(burstLimit));
        try (NodeProcess node = NodeProcess.start(out, "node", settings);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            SimulatedAgents warmUp = ready(node, fleet);
            sql(url, "CREATE TABLE bench_arrival (report_id VARCHAR(36) PRIMARY KEY, stored_at TIMESTAMPTZ)",
                    "CREATE FUNCTION bench_arrived() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO bench_arrival VALUES (NEW.report_id, clock_timestamp()); RETURN NEW; END $$",
                    "CREATE TRIGGER bench_arrived AFTER INSERT ON ceip_report_id FOR EACH ROW"
                    + " EXECUTE FUNCTION bench_arrived()");
            Set<String> sent = new HashSet<>(warmUp.accepted);

            SimulatedAgents steady = new SimulatedAgents(pem(node), node.reports(), 0.05);
            List<SimulatedReport> steadyBatch = reports(fleet, steadyRate * steadySeconds);
            steady.sendPaced(steadyBatch, steadyRate, 16);
            steadyBatch.forEach(r -> sent.add(r.reportId()));
            // what was answered 2xx must be stored; a report an agent gave up on is counted by exactlyOnce
            waitStored(url, accepted(warmUp, steady).size(), Duration.ofMinutes(2));
            long[] steadyDelay = delays(url, steady);
            steady.close();

            SimulatedAgents agents = new SimulatedAgents(pem(node), node.reports(), 0.05);
            List<SimulatedReport> batch = reports(fleet, burst);
            batch.forEach(r -> sent.add(r.reportId()));
            AtomicLong maxLag = new AtomicLong();
            ExecutorService watch = Executors.newSingleThreadExecutor();
            Future<?> watching = watch.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxLag.accumulateAndGet(lag(admin), Math::max);
                    TimeUnit.MILLISECONDS.sleep(250);
                }
                return null;
            });
            long cpuBefore = node.cpuMillis();
            long start = System.nanoTime();
            double seconds = agents.sendAll(batch, burstClients);
            agents.close();
            long lagAtEnd = lag(admin);
            long caughtUp = waitStored(url, accepted(warmUp, steady, agents).size(), Duration.ofMinutes(10));
            double catchUp = (caughtUp - start) / 1e9 - seconds;
            long cpu = node.cpuMillis() - cpuBefore;
            watching.cancel(true);
            watch.shutdownNow();
            long[] burstDelay = delays(url, agents);
            row("burst: " + burst + " reports of " + burst + " installations, " + burstClients
                    + " agents at once, limit " + burstLimit + "/s per address (all share 127.0.0.1)",
                    "%.1f s to answer all: %.0f accepted/s".formatted(seconds, agents.accepted.size() / seconds),
                    "answers: 202 %d · 200 %d · 429 %d · 503 %d · other %d · connection failures %d; %d sent again"
                            .formatted(agents.answered(202), agents.answered(200), agents.answered(429),
                                    agents.answered(503), other(agents), agents.connectionFailures.sum(),
                                    agents.duplicatesSent.sum()));
            row("burst: Kafka lag of the store's consumer group", "largest %d, %d when the last was answered"
                    .formatted(maxLag.get(), lagAtEnd), "Kafka holds what the store has not written yet");
            row("burst: the store's catch-up after the last answer", "%.1f s (store %.0f rows/s over the burst)"
                    .formatted(Math.max(0, catchUp), agents.accepted.size() / ((caughtUp - start) / 1e9)), "");
            row("delay first send → database commit, steady " + steadyRate + " reports/s",
                    "median %d ms, p99 %d ms".formatted(steadyDelay[0], steadyDelay[1]), steadyDelay[2] + " reports");
            row("delay first send → database commit, in the burst",
                    "median %d ms, p99 %d ms".formatted(burstDelay[0], burstDelay[1]), burstDelay[2] + " reports");
            row("CPU per report, intake + store node (burst, until stored)", "%.2f ms".formatted((double) cpu
                    / agents.accepted.size()), "intake, Kafka consumer and PostgreSQL insert in one JVM");
            bytes(admin, url, agents);
            memory("intake + store node", node);
            return exactlyOnce(admin, url, sent, List.of(warmUp, steady, agents));
        }
    }

    /** The report IDs answered 2xx to any of {@code agents}. */
    private static Set<String> accepted(SimulatedAgents... agents) {
        return java.util.Arrays.stream(agents).flatMap(a -> a.accepted.stream()).collect(Collectors.toSet());
    }

    private boolean exactlyOnce(Admin admin, String url, Set<String> sent, List<SimulatedAgents> all)
            throws Exception {
        Set<String> stored = new HashSet<>(query(url, "SELECT report_id FROM ceip_report_id"));
        long rows = Long.parseLong(query(url, "SELECT COUNT(*) FROM ceip_report").get(0));
        long records = endOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
        long attempts = all.stream().mapToLong(a -> a.attempts.sum()).sum();
        long a202 = all.stream().mapToLong(a -> a.answered(202)).sum();
        long a200 = all.stream().mapToLong(a -> a.answered(200)).sum();
        long a429 = all.stream().mapToLong(a -> a.answered(429)).sum();
        long a503 = all.stream().mapToLong(a -> a.answered(503)).sum();
        long failed = all.stream().mapToLong(a -> a.connectionFailures.sum()).sum();
        long others = all.stream().mapToLong(CollectorBenchmark::other).sum();
        long gaveUp = all.stream().mapToLong(a -> a.gaveUp.sum()).sum();
        long resent = all.stream().mapToLong(a -> a.duplicatesSent.sum()).sum();
        Set<String> accepted = all.stream().flatMap(a -> a.accepted.stream()).collect(Collectors.toSet());
        boolean ok = stored.equals(sent) && accepted.equals(sent) && rows == sent.size()
                && attempts == a202 + a200 + a429 + a503 + failed + others && others == 0 && gaveUp == 0;
        String counts = ("reports %d, sent again %d, attempts %d = 202 %d + 200 %d + 429 %d + 503 %d + connection"
                + " failures %d + other %d; reports answered 2xx %d, given up after %d attempts %d; Kafka records %d"
                + " (202s; the store refused %d as duplicates); rows stored %d (ceip_report), %d IDs (ceip_report_id),"
                + " the IDs sent: %s").formatted(sent.size(), resent, attempts, a202, a200, a429, a503, failed, others,
                        accepted.size(), SimulatedAgents.MAX_ATTEMPTS, gaveUp,
                        records, records - rows, rows, stored.size(), stored.equals(sent) ? "equal" : "DIFFERENT");
        row("exactly-once (steady + burst + warm-up, node with the store)", ok ? "OK" : "FAILED", counts);
        System.out.println("exactly-once: " + (ok ? "OK " : "FAILED ") + counts);
        return ok;
    }

    private void bytes(Admin admin, String url, SimulatedAgents agents) throws Exception {
        long records = endOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
        long logBytes = admin.describeLogDirs(List.of(1)).allDescriptions().get().values().stream()
                .flatMap(dirs -> dirs.values().stream()).flatMap(d -> d.replicaInfos().entrySet().stream())
                .filter(e -> e.getKey().topic().equals("ceip-reports")).mapToLong(e -> e.getValue().size()).sum();
        long reportRows = Long.parseLong(query(url, "SELECT COUNT(*) FROM ceip_report").get(0));
        long reportBytes = Long.parseLong(query(url, "SELECT SUM(pg_total_relation_size(relid)) FROM"
                + " pg_partition_tree('ceip_report') WHERE isleaf").get(0));
        long idBytes = Long.parseLong(query(url, "SELECT pg_total_relation_size('ceip_report_id')").get(0));
        long eventBytes = 0;
        for (String table : List.of("ceip_feature_use", "ceip_error", "ceip_duration")) {
            eventBytes += Long.parseLong(query(url, "SELECT COALESCE(SUM(pg_total_relation_size(relid)), 0) FROM"
                    + " pg_partition_tree('" + table + "') WHERE isleaf").get(0));
        }
        long eventRows = Long.parseLong(query(url, "SELECT (SELECT COUNT(*) FROM ceip_feature_use)"
                + " + (SELECT COUNT(*) FROM ceip_error) + (SELECT COUNT(*) FROM ceip_duration)").get(0));
        long sentCount = Math.max(1, agents.firstSentMillis.size());
        row("report size as sent (burst)", "%d B JSON, %d B gzip".formatted(agents.jsonBytes.sum() / sentCount,
                agents.gzipBytes.sum() / sentCount), "");
        row("bytes per report in Kafka (log segments / records)", "%d B".formatted(logBytes / Math.max(1, records)),
                records + " records, " + logBytes / 1024 + " KiB, lz4");
        row("bytes per report in PostgreSQL (pg_total_relation_size / rows)", ("%d B report + %d B dedupe + %d B events"
                + " = %d B").formatted(reportBytes / reportRows, idBytes / reportRows, eventBytes / reportRows,
                        (reportBytes + idBytes + eventBytes) / reportRows), reportRows + " rows, " + eventRows
                + " event rows; partitions with their indexes and TOAST, ceip_report_id with its index");
    }

    private void memory(String name, NodeProcess node) throws Exception {
        long[] rss = node.residentMiB();
        long[] heap = node.heapMiB();
        row("memory, " + name + " (" + NodeProcess.FLAGS + ")", "RSS %d MiB (peak %d), heap used %d of %d MiB"
                .formatted(rss[0], rss[1], heap[0], heap[1]), "");
    }

    private SimulatedAgents ready(NodeProcess node, FleetSimulator fleet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && node.alive()) {
            if (Files.isRegularFile(node.dataDir.resolve("tls/collector.pem"))) {
                try {
                    SimulatedAgents agents = new SimulatedAgents(pem(node), node.reports(), 0);
                    agents.deliver(fleet.report(fleet.installations().get(0), Instant.now()));
                    agents.close();
                    if (agents.answered(202) == 1) {
                        return agents;
                    }
                } catch (RuntimeException notYet) {
                    // still starting
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("the node did not start: see " + out);
    }

    private static Path pem(NodeProcess node) {
        return node.dataDir.resolve("tls/collector.pem");
    }

    private static List<SimulatedReport> reports(FleetSimulator fleet, int n) {
        List<Installation> installations = fleet.installations();
        List<SimulatedReport> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(fleet.report(installations.get(i % installations.size()), Instant.now()));
        }
        return batch;
    }

    /**
     * Sends the batch with {@code clients} threads, each waiting for its record's ack; returns the seconds and adds
     * to {@code cpuNanos[0]} the CPU time of those threads and of the producer's network thread.
     */
    private double plainProducer(KafkaProducer<String, byte[]> producer, List<SimulatedReport> batch,
            long[] cpuNanos) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<Thread> senders = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(clients, task -> {
            Thread thread = new Thread(task);
            senders.add(thread);
            return thread;
        });
        long networkBefore = networkThreadCpu(mx);
        long start = System.nanoTime();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (SimulatedReport report : batch) {
                sent.add(threads.submit(() -> producer.send(new ProducerRecord<>("bench-plain",
                        report.installationId(), report.json())).get()));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            cpuNanos[0] += networkThreadCpu(mx) - networkBefore;
            synchronized (senders) {
                for (Thread sender : senders) {
                    cpuNanos[0] += Math.max(0, mx.getThreadCpuTime(sender.getId()));
                }
            }
            return seconds;
        } finally {
            threads.shutdownNow();
        }
    }

    private static long networkThreadCpu(ThreadMXBean mx) {
        long nanos = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("kafka-producer-network-thread | " + PLAIN_CLIENT)) {
                nanos += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // as the intake's producer
        p.put(ProducerConfig.CLIENT_ID_CONFIG, PLAIN_CLIENT);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(admin);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("ceip-store")
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata at = committed.get(e.getKey());
            lag += e.getValue() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < 4; p++) {
            latest.put(new TopicPartition("ceip-reports", p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Waits until {@code n} report IDs are stored; returns System.nanoTime() then. */
    private static long waitStored(String url, int n, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (Long.parseLong(query(url, "SELECT COUNT(*) FROM ceip_report_id").get(0)) >= n) {
                return System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the store did not catch up with " + n + " reports in " + atMost);
    }

    /** Median, p99 (ms) and count of commit time less first send, over the reports {@code agents} sent. */
    private static long[] delays(String url, SimulatedAgents agents) throws SQLException {
        List<Long> delays = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT report_id,"
                        + " (EXTRACT(EPOCH FROM stored_at) * 1000)::BIGINT FROM bench_arrival")) {
            while (rows.next()) {
                Long sent = agents.firstSentMillis.get(rows.getString(1));
                if (sent != null) {
                    delays.add(rows.getLong(2) - sent);
                }
            }
        }
        Collections.sort(delays);
        return delays.isEmpty() ? new long[] {-1, -1, 0} : new long[] {delays.get(delays.size() / 2),
            delays.get(Math.min(delays.size() - 1, (int) Math.ceil(delays.size() * 0.99) - 1)), delays.size()};
    }

    private static long other(SimulatedAgents agents) {
        return agents.answers.entrySet().stream().filter(e -> !List.of(200, 202, 429, 503).contains(e.getKey()))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    private static void sql(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            for (String s : statements) {
                statement.execute(s);
            }
        }
    }

    private static List<String> query(String url, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static String rates(List<Double> values) {
        return values.stream().map(v -> "%.0f".formatted(v)).collect(Collectors.joining(", "));
    }

    private void row(String what, String figure, String note) {
        rows.add(new String[] {what, figure, note});
        System.out.println("| " + what + " | " + figure + " | " + note + " |");
    }

    private void write() throws IOException {
        StringBuilder md = new StringBuilder("# Collector benchmark\n\n").append("Run ").append(Instant.now())
                .append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; Kafka (KRaft, one broker, 4 partitions) in the bench JVM, embedded PostgreSQL 17,")
                .append(" each node `java ").append(NodeProcess.FLAGS).append(" -jar target/ceip-collector.jar`,")
                .append(" all on one machine.\n\n| figure | measured | note |\n|---|---|---|\n");
        for (String[] row : rows) {
            md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        notes.forEach(n -> md.append('\n').append(n).append('\n'));
        Files.writeString(out.resolve("results.md"), md, StandardCharsets.UTF_8);
        System.out.println("written: " + out.resolve("results.md"));
    }
}
