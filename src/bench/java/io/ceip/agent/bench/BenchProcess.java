package io.ceip.agent.bench;

import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * One JVM of the benchmark: started with the common flags, its output in a log file, its resident memory read from
 * {@code /proc}, and its MBeans reached over a real JMX connection (the JDK's attach API starts the local
 * management agent, as {@code jconsole} does).
 */
final class BenchProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) .*Apache Camel \\S+ \\(.*\\) started in", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Process process;
    private final Path log;
    private final long launchedAtMillis;
    private JMXConnector connector;

    private BenchProcess(Process process, Path log, long launchedAtMillis) {
        this.process = process;
        this.log = log;
        this.launchedAtMillis = launchedAtMillis;
    }

    /** Starts {@code java <flags> <arguments>} in {@code directory} with {@code env} added. */
    /**
     * The JVM flags bin/ceip-agent gives the agent beyond {@code bench.jvm}, given to every agent the benchmark starts
     * ({@code -jar}) so that its memory figures are the installed agent's: the JVM's own native-heap trim every second,
     * which replaced the agent's trimmer class, and the initial heap of 32 MiB (-Xms32m: the heap grows as the agent
     * needs; see bin/ceip-agent for the figures). The floors run without them, as any plain JVM.
     */
    static final List<String> AGENT_FLAGS = List.of("-XX:TrimNativeHeapInterval=1000", "-Xms32m");

    static BenchProcess start(List<String> flags, List<String> arguments, Path directory, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        if (arguments.contains("-jar")) {
            command.addAll(AGENT_FLAGS);
        }
        command.addAll(arguments);
        return launch(command, directory, env);
    }

    /**
     * Starts {@code command} as it is (a launcher script, say) in {@code directory} with {@code env} added, without
     * the agent's or the tests' {@code CEIP_*} variables of this JVM.
     */
    static BenchProcess launch(List<String> command, Path directory, Map<String, String> env) throws IOException {
        Path log = directory.resolve("process-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        builder.environment().putAll(env);
        long launched = System.currentTimeMillis();
        return new BenchProcess(builder.start(), log, launched);
    }

    /** Milliseconds from launch to Camel's "started in" line (all routes started), read off the line's own time. */
    long awaitStarted(Duration max) throws Exception {
        Matcher matcher = awaitLog(STARTED, max);
        LocalDateTime at = LocalDateTime.parse(matcher.group(1), LOG_TIME);
        return at.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() - launchedAtMillis;
    }

    /** Waits for {@code pattern} in the output; fails with the output's tail if it does not come. */
    Matcher awaitLog(Pattern pattern, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no '" + pattern + "' from the process; its output ends:\n" + tail());
    }

    /** How often {@code text} occurs in the output so far. */
    int count(String text) throws IOException {
        String all = output();
        int count = 0;
        for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
            count++;
        }
        return count;
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    private String tail() throws IOException {
        String all = output();
        return all.substring(Math.max(0, all.length() - 3000));
    }

    /** Resident set size in KiB, from /proc/PID/status. */
    long rssKib() throws IOException {
        return statusKib("VmRSS:").orElseThrow(() -> new IllegalStateException("no VmRSS for " + process.pid()));
    }

    /**
     * The peak resident set size so far in KiB ({@code VmHWM} of /proc/PID/status: the kernel's high-water mark, of
     * the program the process runs now); empty once the process has ended.
     */
    java.util.OptionalLong peakRssKib() {
        try {
            return statusKib("VmHWM:").map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
        } catch (IOException | RuntimeException ended) {
            return java.util.OptionalLong.empty();
        }
    }

    private java.util.Optional<Long> statusKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return java.util.Optional.of(Long.parseLong(line.replaceAll("\\D", "")));
            }
        }
        return java.util.Optional.empty();
    }

    /** User + system CPU time of the whole process so far, in milliseconds ({@code /proc/PID/stat}, ticks of 10 ms). */
    double cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    }

    /**
     * The command line the process runs now ({@code /proc/PID/cmdline}): after a launcher script's {@code exec}, the
     * JVM's. Empty once the process has ended.
     */
    List<String> commandLine() {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return raw.isEmpty() ? List.of() : List.of(raw.split("\u0000"));
        } catch (IOException | RuntimeException ended) {
            return List.of();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time so far, in milliseconds, of the process's main Java thread and of its JIT compiler threads. */
    record ThreadCpu(double mainMillis, double compilerMillis) {
    }

    /**
     * The CPU time of the main thread (the first thread after the launcher's, named {@code java}) and of the C1 and C2
     * compiler threads, from {@code /proc/PID/task/TID/stat} (user + system time, in clock ticks of 10 ms).
     */
    ThreadCpu threadCpu() throws IOException {
        long pid = process.pid();
        long mainTid = Long.MAX_VALUE;
        double main = 0;
        double compilers = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                long tid = Long.parseLong(task.getFileName().toString());
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    compilers += millis;
                } else if (name.equals("java") && tid != pid && tid < mainTid) {
                    mainTid = tid;
                    main = millis;
                }
            }
        }
        return new ThreadCpu(main, compilers);
    }

    /**
     * HotSpot's performance counters of the process (its hsperfdata, read by {@code jstat -snap}: no attach, nothing
     * started in the process). Counters measured in ticks are converted to milliseconds.
     */
    Map<String, Double> perfCounters() throws Exception {
        Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                "-J-Djstat.showUnsupported=true", "-snap", Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        List<String> lines = new String(jstat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().toList();
        if (!jstat.waitFor(30, TimeUnit.SECONDS) || jstat.exitValue() != 0) {
            throw new IllegalStateException("jstat -snap " + process.pid() + ": " + lines);
        }
        Map<String, String> raw = new java.util.HashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                raw.put(line.substring(0, equals), line.substring(equals + 1).replace("\"", ""));
            }
        }
        double ticksPerMilli = Double.parseDouble(raw.get("sun.os.hrt.frequency")) / 1000.0;
        Map<String, Double> counters = new java.util.HashMap<>();
        for (String name : List.of("sun.cls.time", "sun.cls.classInitTime.self", "sun.cls.defineAppClassTime.self",
                "sun.cls.appClassLoadTime")) {
            counters.put(name, Long.parseLong(raw.get(name)) / ticksPerMilli);
        }
        counters.put("sun.cls.loadedBytes", Double.parseDouble(raw.get("sun.cls.loadedBytes")));
        counters.put("java.cls.loadedClasses", Double.parseDouble(raw.get("java.cls.loadedClasses")));
        return counters;
    }

    MBeanServerConnection jmx() throws Exception {
        if (connector == null) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
            try {
                connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
        }
        return connector.getMBeanServerConnection();
    }

    Object invoke(String objectName, String operation) throws Exception {
        return jmx().invoke(new ObjectName(objectName), operation, new Object[0], new String[0]);
    }

    Object attribute(String objectName, String attribute) throws Exception {
        return jmx().getAttribute(new ObjectName(objectName), attribute);
    }

    /** Heap in use right after a full collection, in KiB. */
    long heapAfterGcKib() throws Exception {
        invoke(ManagementFactory.MEMORY_MXBEAN_NAME, "gc");
        CompositeData heap = (CompositeData) attribute(ManagementFactory.MEMORY_MXBEAN_NAME, "HeapMemoryUsage");
        return (Long) heap.get("used") / 1024;
    }

    int threads() throws Exception {
        return (Integer) attribute(ManagementFactory.THREAD_MXBEAN_NAME, "ThreadCount");
    }

    /**
     * The names of the live threads that are the process's own: those of the JMX connection this harness measures
     * through (RMI transport, connection timeout, attach listener) are left out; they come and go with its calls.
     */
    List<String> ownThreadNames() throws Exception {
        long[] ids = (long[]) attribute(ManagementFactory.THREAD_MXBEAN_NAME, "AllThreadIds");
        CompositeData[] infos = (CompositeData[]) jmx().invoke(new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME),
                "getThreadInfo", new Object[] { ids }, new String[] { long[].class.getName() });
        List<String> names = new ArrayList<>();
        for (CompositeData info : infos) {
            String name = info == null ? null : (String) info.get("threadName");
            if (name != null && !name.startsWith("RMI ") && !name.startsWith("JMX server connection timeout")
                    && !name.equals("Attach Listener")) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    /** Resets the peak usage of every heap pool. */
    void resetHeapPeaks() throws Exception {
        for (ObjectName pool : jmx().queryNames(new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"),
                null)) {
            if ("HEAP".equals(String.valueOf(jmx().getAttribute(pool, "Type")))) {
                jmx().invoke(pool, "resetPeakUsage", new Object[0], new String[0]);
            }
        }
    }

    /** The sum of the heap pools' peak usage since the last reset, in KiB. */
    long heapPeakKib() throws Exception {
        long sum = 0;
        for (ObjectName pool : jmx().queryNames(new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"),
                null)) {
            if ("HEAP".equals(String.valueOf(jmx().getAttribute(pool, "Type")))) {
                sum += (Long) ((CompositeData) jmx().getAttribute(pool, "PeakUsage")).get("used");
            }
        }
        return sum / 1024;
    }

    /** Waits for the process to end by itself. */
    boolean waitFor(Duration max) throws InterruptedException {
        return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // the process may be gone already
            }
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
