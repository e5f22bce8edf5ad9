package io.ceip.agent.bench;

import io.ceip.agent.demo.DemoDatabase;
import io.ceip.agent.support.TestHttpsServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.h2.jdbcx.JdbcDataSource;

/**
 * The one-shot's figures ({@code -Dbench.only=oneshot}): {@code ceip-agent send} run as the shipped timer unit runs
 * it — the unpacked distribution's {@code bin/ceip-agent --config DIR --data DIR send}, a JVM of its own with the
 * launcher's flags — against the benchmark's loopback HTTPS collector, beside the floor of any one-shot on the same
 * class path and flags (a bare camel-main that starts, fires one timer exchange and stops: {@link FloorApp}
 * {@code once}), alternating. Per run: wall time from launch to exit (the launcher script included), CPU time (user +
 * system of the process and what it waited for, the launcher's tools included: the harness's own {@code cutime} and
 * {@code cstime} in {@code /proc/self/stat}, which the kernel adds to when the JVM is reaped, so read at exit), and
 * peak resident memory ({@code VmHWM} of the JVM, read every 5 ms until it ends). The data directory is kept from run
 * to run, as the timer's is (the installation ID made by the warm-up run). For the choice between the two modes, the
 * resident agent started by the same launcher: the memory it holds and the CPU it uses while idle after one report.
 */
final class OneShotSend {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final String AGENT_MBEAN = "org.apache.camel:context=ceip-agent,type=ceip,name=agent";

    private final Path root;
    private final Path out;
    private final int runs;
    private final TestHttpsServer collector;
    private final Map<String, String> env = new HashMap<>();
    private final Function<String[], Figure> figures;

    /**
     * @param figures makes and registers a figure from its name, unit and target
     */
    OneShotSend(Path root, Path out, int runs, TestHttpsServer collector, Path trusted, String productDatabaseUrl,
            Function<String[], Figure> figures) throws Exception {
        this.root = root;
        this.out = out;
        this.runs = runs;
        this.collector = collector;
        this.figures = figures;
        // the demo product's tables and rows, in the benchmark's H2 server (the distribution carries no demo)
        JdbcDataSource product = new JdbcDataSource();
        product.setURL(productDatabaseUrl);
        product.setUser("sa");
        product.setPassword("");
        DemoDatabase.ensure(product);
        env.put("CEIP_COLLECTOR_ENABLED", "false");
        env.put("CEIP_DATABASE_DEMO_DATA", "false");
        env.put("CEIP_DATABASE_URL", productDatabaseUrl);
        env.put("CEIP_ENDPOINT_URL", collector.url());
        env.put("CEIP_ENDPOINT_TRUST_STORE", trusted.toString());
        env.put("CEIP_SCHEDULE_INITIAL_DELAY", "3600000");
    }

    /** What one process cost: launch to exit, CPU, peak resident memory; and the JVM's flags. */
    private record Cost(double wallMillis, double cpuMillis, double peakMib, List<String> jvmFlags) {
    }

    void measure() throws Exception {
        Path install = unpack();
        Path config = Files.createDirectories(out.resolve("oneshot-config"));
        Files.copy(install.resolve("config/application.properties"), config.resolve("application.properties"));
        Path data = out.resolve("oneshot-data");
        Path floorDir = Files.createDirectories(out.resolve("oneshot-floor"));
        List<String> send = List.of(install.resolve("bin/ceip-agent").toString(), "--config", config.toString(),
                "--data", data.toString(), "send");
        String target = "figure only";
        Figure wall = figures.apply(new String[] { "one-shot send (bin/ceip-agent send, as the timer runs it): launch"
                + " to exit", "ms", target });
        Figure cpu = figures.apply(new String[] { "one-shot send: CPU time, user + system", "ms", target });
        Figure peak = figures.apply(new String[] { "one-shot send: peak resident memory (VmHWM)", "MiB", target });
        List<String> flags = List.of();
        for (int run = 0; run <= runs; run++) {
            boolean warmUp = run == 0;
            int received = collector.received().size();
            Cost agent = run(send, Files.createDirectories(out.resolve("oneshot")), 0);
            if (collector.received().size() != received + 1) {
                throw new IllegalStateException("the one-shot send delivered " + (collector.received().size()
                        - received) + " reports, not 1");
            }
            flags = agent.jvmFlags();
            List<String> floor = new ArrayList<>();
            floor.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            floor.addAll(flags);
            floor.addAll(List.of("-Dlog4j2.configurationFile=" + root.resolve("src/main/resources/log4j2.properties"),
                    "-cp", install.resolve("lib") + "/*" + java.io.File.pathSeparator + root.resolve(
                            "target/test-classes"), FloorApp.class.getName(), "once"));
            Cost base = run(floor, floorDir, 0);
            if (!warmUp) {
                wall.agent.add(agent.wallMillis());
                wall.baseline.add(base.wallMillis());
                cpu.agent.add(agent.cpuMillis());
                cpu.baseline.add(base.cpuMillis());
                peak.agent.add(agent.peakMib());
                peak.baseline.add(base.peakMib());
            }
        }
        String jvm = String.join(" ", flags);
        wall.note = "exit code 0 (delivered) every run; both JVMs with the launcher's flags (" + jvm + "); baseline: a"
                + " bare camel-main that starts, fires one timer exchange and stops, same class path";
        cpu.note = "of the process and its waited-for children (the launcher's tools), read at exit";
        peak.note = "VmHWM of the JVM read every 5 ms until it exits";
        resident(install, config);
    }

    /** The resident agent started by the same launcher: one report, then what it holds and spends while idle. */
    private void resident(Path install, Path config) throws Exception {
        Figure held = figures.apply(new String[] { "resident agent (bin/ceip-agent run), for comparison: resident"
                + " memory " + IDLE.toSeconds() + " s after one report", "MiB", "figure only" });
        Figure idleCpu = figures.apply(new String[] { "resident agent: CPU time while idle, per hour", "ms",
                "figure only" });
        Figure startCpu = figures.apply(new String[] { "resident agent: CPU time from launch to its first report"
                + " delivered", "ms", "figure only" });
        Path dir = Files.createDirectories(out.resolve("oneshot-resident"));
        for (int run = 0; run <= runs; run++) {
            List<String> command = List.of(install.resolve("bin/ceip-agent").toString(), "--config", config
                    .toString(), "--data", dir.resolve("data-" + run).toString(), "run");
            try (BenchProcess agent = BenchProcess.launch(command, dir, env)) {
                agent.awaitStarted(TIMEOUT);
                String answer = String.valueOf(agent.invoke(AGENT_MBEAN, "sendNow"));
                if (!answer.contains("delivered")) {
                    throw new IllegalStateException("sendNow: " + answer);
                }
                double started = agent.cpuMillis();
                Thread.sleep(IDLE.toMillis());
                double idle = agent.cpuMillis() - started;
                if (run > 0) {
                    startCpu.agent.add(started);
                    held.agent.add(agent.rssKib() / 1024.0);
                    idleCpu.agent.add(idle * Duration.ofHours(1).toMillis() / IDLE.toMillis());
                }
            }
        }
        held.note = "the one-shot holds nothing between reports; the resident agent over JMX (an attach-API"
                + " connection, which adds 11–14 MiB to any JVM)";
        idleCpu.note = "measured over " + IDLE.toSeconds() + " s after the report (/proc/PID/stat, 10 ms ticks)";
        startCpu.note = "the one-shot's CPU time above is the comparable daily cost";
    }

    /** Runs {@code command} to its end; its wall time, CPU time and peak resident memory. Exit code 0 or it fails. */
    private Cost run(List<String> command, Path directory, int expectedExit) throws Exception {
        double cpuBefore = childrenCpuMillis();
        long started = System.nanoTime();
        long peakKib = 0;
        List<String> jvmFlags = List.of();
        try (BenchProcess process = BenchProcess.launch(command, directory, command.get(0).endsWith("java")
                ? Map.of() : env)) {
            while (process.isAlive()) {
                OptionalLong hwm = process.peakRssKib();
                if (hwm.isPresent()) {
                    peakKib = Math.max(peakKib, hwm.getAsLong());
                }
                if (jvmFlags.isEmpty()) {
                    List<String> line = process.commandLine();
                    if (!line.isEmpty() && line.get(0).endsWith("java")) {
                        jvmFlags = line.stream().takeWhile(arg -> !arg.equals("-cp")).skip(1)
                                .filter(arg -> arg.startsWith("-X")).toList();
                    }
                }
                Thread.sleep(5);
                if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                    throw new IllegalStateException(command + " did not end in " + TIMEOUT + "; its output ends:\n"
                            + process.output());
                }
            }
            process.waitFor(TIMEOUT);
            double wall = (System.nanoTime() - started) / 1e6;
            if (process.exitValue() != expectedExit) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + "; its output:\n"
                        + process.output());
            }
            // the reaper has waited for the process: its CPU time is now in this JVM's cutime and cstime
            double cpu = awaitChildrenCpuAbove(cpuBefore) - cpuBefore;
            return new Cost(wall, cpu, peakKib / 1024.0, jvmFlags);
        }
    }

    /** This JVM's waited-for children's CPU time, once it has grown past {@code before} (the reaper's wait done). */
    private static double awaitChildrenCpuAbove(double before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        double now = childrenCpuMillis();
        while (now <= before && System.nanoTime() < deadline) {
            Thread.sleep(1);
            now = childrenCpuMillis();
        }
        return now;
    }

    /** User + system time of this JVM's waited-for children, in milliseconds ({@code /proc/self/stat}, 10 ms ticks). */
    private static double childrenCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10.0;
    }

    /** The distribution built by this build ({@code target/ceip-agent-*.tar.gz}), unpacked anew; its directory. */
    private Path unpack() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(root.resolve("target"))) {
            archive = files.filter(file -> file.getFileName().toString().matches("ceip-agent-.+\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no target/ceip-agent-*.tar.gz: run"
                            + " the bench profile's package phase"));
        }
        Path into = Files.createDirectories(out.resolve("oneshot-install"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString()).inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar could not unpack " + archive);
        }
        try (Stream<Path> dirs = Files.list(into)) {
            return dirs.findFirst().orElseThrow();
        }
    }
}
