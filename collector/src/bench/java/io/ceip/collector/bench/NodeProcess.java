package io.ceip.collector.bench;

import io.ceip.collector.support.TestCollector;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A collector node as it is deployed: {@code java -jar target/ceip-collector.jar} in a JVM of its own (flags
 * {@value #FLAGS}), its settings as system properties, its output in {@code <name>.log}; its memory read from
 * {@code /proc} (resident set, now and at its peak) and {@code jcmd GC.heap_info} (heap used and committed).
 */
final class NodeProcess implements AutoCloseable {

    static final String FLAGS = "-Xmx256m";

    private final Process process;
    final int port;
    final Path dataDir;

    private NodeProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    static NodeProcess start(Path out, String name, Map<String, String> settings) throws IOException {
        return start(out, name, settings, Path.of("."));
    }

    /**
     * A node run from {@code build}: its {@code target/ceip-collector.jar} (with {@code target/lib/}) and its
     * {@code routes/}, so that another build (the code before a change) can run beside this one.
     */
    static NodeProcess start(Path out, String name, Map<String, String> settings, Path build) throws IOException {
        int port = TestCollector.freePort();
        Path data = out.resolve(name);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), FLAGS, "-Dcollector.data-dir=" + data, "-Dcollector.port=" + port,
                "-Dcollector.host=127.0.0.1"));
        String jfr = System.getProperty("bench.jfr", "false");
        if (!jfr.equals("false")) {
            command.add("-XX:StartFlightRecording=settings=" + (jfr.equals("true") ? "profile" : jfr) + ",filename="
                    + out.resolve(name + ".jfr"));
        }
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dcamel.main.routes-include-pattern=file:" + build.resolve("routes").toAbsolutePath()
                + "/*.camel.yaml");
        command.addAll(List.of("-jar", build.resolve("target/ceip-collector.jar").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve(name + ".log").toFile()).start();
        return new NodeProcess(process, port, data);
    }

    URI reports() {
        return URI.create("https://localhost:" + port + "/v1/reports");
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Resident set now and at its peak, in MiB ({@code VmRSS}, {@code VmHWM}). */
    long[] residentMiB() throws IOException {
        String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
        return new long[] {kib(status, "VmRSS") / 1024, kib(status, "VmHWM") / 1024};
    }

    /** CPU time the node used so far (user + system), in ms ({@code /proc/<pid>/stat}, 100 ticks a second). */
    long cpuMillis() throws IOException {
        return cpuMillis(Path.of("/proc/" + process.pid() + "/stat"));
    }

    /** User + system time in ms of a {@code stat} file of /proc (a process's or a thread's; 100 ticks a second). */
    private static long cpuMillis(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /**
     * The CPU time (user + system, ms) the node's threads used so far, by kind of thread: their names (as the kernel
     * keeps them, 15 characters) with digits left out.
     */
    Map<String, Long> cpuMillisByThread() throws IOException {
        Map<String, Long> byKind = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "N");
                    byKind.merge(name, cpuMillis(task.resolve("stat")), Long::sum);
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return byKind;
    }

    /** Heap used and committed, in MiB ({@code jcmd <pid> GC.heap_info}). */
    long[] heapMiB() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        Matcher heap = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(text);
        return heap.find() ? new long[] {Long.parseLong(heap.group(2)) / 1024, Long.parseLong(heap.group(1)) / 1024}
                : new long[] {-1, -1};
    }

    private static long kib(String status, String key) {
        Matcher matcher = Pattern.compile(key + ":\\s+(\\d+) kB").matcher(status);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
