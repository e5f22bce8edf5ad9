package io.ceip.agent.bench;

import io.ceip.agent.ops.EventCounters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The product events' figures (issue 19). {@link #rate()} ({@code -Dbench.only=events}): events accepted per second
 * through the spool — the packaged agent ({@code -jar ... run}, consent full, the poll every 100 ms), the harness
 * renaming spool files into {@code data/events} as a product hands them over, timed from the first rename until the
 * spool is empty (read, parsed, aggregated, flushed once per poll, deleted; then checked against the agent's JMX
 * counter {@code Accepted}) — against {@link PlainEventLoop} reading and parsing the same files in a JVM of its own with the
 * same flags; alternating, {@code bench.runs} runs, each JVM first reading a warm-up set (50 × 10,000 lines), then the small files
 * (300 × 10,000 lines) and the large ones (30 × 100,000): 3,000,000 events each, so that the poll's wait is a small
 * part of the time. {@link #memory()} ({@code -Dbench.only=events-long}): the agent
 * (shipped settings, consent full) while a writer hands it {@code bench.events-day} events (default 10⁶: a day's
 * worth at the rate) in {@code bench.events-minutes} minutes (default 5: time compressed 288 ×), one file
 * every 250 ms, a report sent after 7.5 s and then every minute; heap after a full GC and resident memory sampled every 15 s.
 */
final class EventsThroughSpool {

    // 3,000,000 events a set, so that the figure is the throughput and not the first poll's latency (the poll's wait,
    // 50 ms on average, was a sixth of the 500,000 events' 0.3 s); the warm-up set stays 50 × 10,000
    private static final int WARM_FILES = 50;
    private static final int SMALL_FILES = 300;
    private static final int SMALL_LINES = 10_000;
    private static final int LARGE_FILES = 30;
    private static final int LARGE_LINES = 100_000;
    private static final Pattern PLAIN = Pattern.compile("plain: (\\d+) events in (\\d+) µs");
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String ROUTE_MBEAN = "org.apache.camel:context=ceip-agent,type=routes,name=\"ceip-events\"";

    private final Benchmark bench;

    EventsThroughSpool(Benchmark bench) {
        this.bench = bench;
    }

    void rate() throws Exception {
        Path sets = Files.createDirectories(bench.out.resolve("events-sets"));
        Path warm = write(sets.resolve("warm"), WARM_FILES, SMALL_LINES);
        Path small = write(sets.resolve("small"), SMALL_FILES, SMALL_LINES);
        Path large = write(sets.resolve("large"), LARGE_FILES, LARGE_LINES);
        Figure smallRate = bench.figure(String.format(Locale.ROOT, "events through the spool, %d files × %,d lines"
                + " (%,d events, the same files both sides)", SMALL_FILES, SMALL_LINES, SMALL_FILES * SMALL_LINES), "events/s", "agent / plain loop ≥ 0.8");
        Figure largeRate = bench.figure(String.format(Locale.ROOT, "events through the spool, %d files × %,d lines"
                + " (%,d events, the same files both sides)", LARGE_FILES, LARGE_LINES, LARGE_FILES * LARGE_LINES), "events/s", "agent / plain loop ≥ 0.8");
        Figure smallBusy = bench.figure(String.format(Locale.ROOT, "the same, %d × %,d, over the route's own"
                + " processing time (no poll wait, flush or delete)", SMALL_FILES, SMALL_LINES), "events/s",
                "figure only");
        Figure largeBusy = bench.figure(String.format(Locale.ROOT, "the same, %d × %,d, over the route's own"
                + " processing time (no poll wait, flush or delete)", LARGE_FILES, LARGE_LINES), "events/s",
                "figure only");
        Map<String, String> env = bench.agentEnv(Map.of("CEIP_CONSENT_DEFAULT", "full", "CEIP_SCHEDULE_ENABLED",
                "false", "CEIP_EVENTS_POLL_INTERVAL", "100", "CEIP_DEAD_LETTER_REPLAY_ENABLED", "false"));
        for (int run = 0; run <= bench.runs; run++) {
            boolean warmUp = run == 0;
            Path dir = bench.agentDirectory("agent-events-" + run);
            List<String> flags = new ArrayList<>(bench.flags);
            if (!bench.jfrSettings.isBlank()) {
                flags.add(bench.recording("events-" + run));
            }
            try (BenchProcess agent = BenchProcess.start(flags, List.of("-jar", bench.jar.toString(), "run"),
                    dir, env)) {
                agent.awaitStarted(Benchmark.START_TIMEOUT);
                Path spool = dir.resolve("data/events");
                awaitDirectory(spool);
                throughSpool(agent, spool, warm);
                double[] s = throughSpool(agent, spool, small);
                double[] l = throughSpool(agent, spool, large);
                if (!warmUp) {
                    smallRate.agent.add(s[0]);
                    largeRate.agent.add(l[0]);
                    smallBusy.agent.add(s[1]);
                    largeBusy.agent.add(l[1]);
                }
            }
            try (BenchProcess plain = BenchProcess.start(bench.flags, List.of("-cp", bench.classpath,
                    PlainEventLoop.class.getName(), warm.toString(), small.toString(), large.toString()), bench.out,
                    Map.of())) {
                if (!plain.waitFor(WAIT) || plain.exitValue() != 0) {
                    throw new IllegalStateException("PlainEventLoop: " + plain.output());
                }
                Matcher m = PLAIN.matcher(plain.output());
                List<Double> rates = new ArrayList<>();
                while (m.find()) {
                    rates.add(Long.parseLong(m.group(1)) / (Long.parseLong(m.group(2)) / 1e6));
                }
                if (!warmUp) {
                    smallRate.baseline.add(rates.get(1));
                    largeRate.baseline.add(rates.get(2));
                    smallBusy.baseline.add(rates.get(1));
                    largeBusy.baseline.add(rates.get(2));
                }
            }
        }
        String how = "agent: first rename into the spool → the spool empty (all flushed and deleted), poll every"
                + " 100 ms (on average 50 ms of the time is the poll's wait); baseline: PlainEventLoop (read +"
                + " Jackson parse); each JVM reads a warm-up set (50 × 10,000 lines) first";
        smallRate.note = how;
        largeRate.note = "as above";
        smallBusy.note = "Camel's TotalProcessingTime of the route ceip-events (each file read, parsed, aggregated),"
                + " against the same plain loop";
        largeBusy.note = "as above";
    }

    /**
     * Hands the files of {@code set} to the agent's spool; the rate from the first rename to all counted and deleted,
     * and the rate over the route's own processing time (Camel's statistics, reset before).
     */
    private static double[] throughSpool(BenchProcess agent, Path spool, Path set) throws Exception {
        List<Path> files = jsonl(set);
        long events = 0;
        for (Path file : files) { // written under another name first (not timed), as a product does
            Files.copy(file, spool.resolve("." + file.getFileName() + ".tmp"));
            events += lines(file);
        }
        agent.jmx().invoke(new javax.management.ObjectName(ROUTE_MBEAN), "reset", new Object[0], new String[0]);
        long before = accepted(agent);
        long start;
        // the spool is empty once the last poll is flushed (the counter is added to before the deletes): told by the
        // system (inotify) as the agent deletes each file, not by listing the spool every millisecond, which took the
        // CPU the agent works with; no JMX call while it works either, the counter is checked once, after
        try (WatchService watch = spool.getFileSystem().newWatchService()) {
            spool.register(watch, StandardWatchEventKinds.ENTRY_DELETE);
            start = System.nanoTime();
            for (Path file : files) {
                Files.move(spool.resolve("." + file.getFileName() + ".tmp"), spool.resolve(file.getFileName()),
                        StandardCopyOption.ATOMIC_MOVE);
            }
            awaitDeleted(watch, spool, files.size(), start + WAIT.toNanos());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (accepted(agent) - before != events) {
            throw new IllegalStateException("the agent counted " + (accepted(agent) - before) + " of " + events);
        }
        long busy = ((Number) agent.attribute(ROUTE_MBEAN, "TotalProcessingTime")).longValue();
        return new double[] { events / seconds, events / (busy / 1e3) };
    }

    /**
     * Waits until {@code count} {@code *.jsonl} files were deleted from {@code spool} (the renames' old names are not
     * counted), then until a listing finds none (lost events: the listing decides).
     */
    private static void awaitDeleted(WatchService watch, Path spool, int count, long deadline) throws Exception {
        int deleted = 0;
        while (deleted < count || !jsonl(spool).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the spool is not empty after " + WAIT);
            }
            WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
            if (key != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        deleted = count;
                    } else if (event.context().toString().endsWith(".jsonl")) {
                        deleted++;
                    }
                }
                key.reset();
            }
        }
    }

    void memory() throws Exception {
        long total = Long.getLong("bench.events-day", 1_000_000L);
        int minutes = Integer.getInteger("bench.events-minutes", 5);
        long periodMillis = 250;
        long files = minutes * 60_000L / periodMillis;
        int perFile = (int) Math.ceil((double) total / files);
        long sampleEvery = 15_000 / periodMillis;
        long reportEvery = 60_000 / periodMillis;
        Path dir = bench.agentDirectory("agent-events-long");
        List<long[]> samples = new ArrayList<>(); // events handed, heap after GC (KiB), RSS (KiB)
        long handed = 0;
        int reports = 0;
        int failedReports = 0;
        try (BenchProcess agent = BenchProcess.start(bench.flags, List.of("-jar", bench.jar.toString(), "run"), dir,
                bench.agentEnv(Map.of("CEIP_CONSENT_DEFAULT", "full", "CEIP_SCHEDULE_ENABLED", "false")))) {
            agent.awaitStarted(Benchmark.START_TIMEOUT);
            Path spool = dir.resolve("data/events");
            awaitDirectory(spool);
            samples.add(new long[] { 0, agent.heapAfterGcKib(), agent.rssKib() });
            long start = System.nanoTime();
            for (long f = 1; f <= files; f++) {
                Path temp = spool.resolve(".e" + f + ".tmp");
                Files.writeString(temp, varied(f, perFile));
                Files.move(temp, spool.resolve("e" + f + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
                handed += perFile;
                if (f % reportEvery == 30) { // the first report early (before the first tenth), then every minute
                    try {
                        Benchmark.sendNow(agent);
                        reports++;
                    } catch (IllegalStateException notDelivered) {
                        failedReports++;
                    }
                }
                if (f % sampleEvery == 0) {
                    samples.add(new long[] { handed, agent.heapAfterGcKib(), agent.rssKib() });
                }
                long next = start + f * periodMillis * 1_000_000L;
                long sleep = (next - System.nanoTime()) / 1_000_000L;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (accepted(agent) < handed && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long counted = accepted(agent);
            samples.add(new long[] { handed, agent.heapAfterGcKib(), agent.rssKib() });
            String title = String.format(Locale.ROOT, "%,d events through the spool in %.1f min (%.0f × 10⁶ a day)",
                    handed, seconds / 60, handed * 86_400 / seconds / 1e6);
            trend(bench.figure(title + ": heap after GC, after the first tenth → last", "KiB", "flat"), samples, 1,
                    1);
            trend(bench.figure(title + ": resident memory, after the first tenth → last", "MiB", "flat"), samples,
                    2, 1024);
            bench.notes.add(String.format(Locale.ROOT, "Events, long run: %,d handed, %,d counted by the agent;"
                    + " %d lines per file, a file every %d ms, a report sent every minute (%d delivered, %d not)."
                    + " Samples (events handed: heap after GC KiB / RSS KiB): %s", handed, counted, perFile,
                    periodMillis, reports, failedReports, shown(samples)));
        }
    }

    /**
     * Adds a flatness row: baseline = the sample after the first tenth of the events (the heap and the JIT settled),
     * agent = the last; the note gives first, middle and last and the least-squares slope per 10⁵ events over the
     * samples from the first tenth on, and says whether the growth it predicts over the run stays within 5 % of the
     * baseline (512 KiB at least): a shrinking heap is no growth.
     */
    private static void trend(Figure figure, List<long[]> samples, int column, double unit) {
        long total = samples.get(samples.size() - 1)[0];
        List<long[]> settled = samples.stream().filter(s -> s[0] >= total / 10).toList();
        double n = settled.size();
        double mx = settled.stream().mapToDouble(s -> s[0]).sum() / n;
        double my = settled.stream().mapToDouble(s -> s[column]).sum() / n;
        double sxy = settled.stream().mapToDouble(s -> (s[0] - mx) * (s[column] - my)).sum();
        double sxx = settled.stream().mapToDouble(s -> (s[0] - mx) * (s[0] - mx)).sum();
        double slope = sxx == 0 ? 0 : sxy / sxx; // KiB per event
        double first = settled.get(0)[column];
        double predicted = slope * (total - settled.get(0)[0]);
        double bound = Math.max(512, first * 0.05);
        figure.baseline.add(first / unit);
        figure.agent.add(settled.get(settled.size() - 1)[column] / unit);
        figure.note = String.format(Locale.ROOT, "%s: first %.0f, middle %.0f, last %.0f KiB (from the first"
                + " tenth on; at start %d KiB); slope %+.1f KiB per 10⁵ events, %+.0f KiB over the run (bound"
                + " %.0f KiB)", predicted <= bound ? "flat (no growth)" : "GROWS", first,
                (double) settled.get(settled.size() / 2)[column], (double) settled.get(settled.size() - 1)[column],
                samples.get(0)[column], slope * 100_000, predicted, bound);
    }

    private static String shown(List<long[]> samples) {
        List<String> shown = new ArrayList<>();
        for (long[] s : samples) {
            shown.add(s[0] + ": " + s[1] + "/" + s[2]);
        }
        return String.join(", ", shown);
    }

    /** Lines of the three kinds, varied: declared and undeclared names, 3 operations, 40 error fingerprints. */
    private static String varied(long file, int lines) {
        StringBuilder text = new StringBuilder();
        String[] features = { "dashboards.open", "dashboards.create", "reports.export", "views.custom.save",
            "beta.undeclared" };
        String[] operations = { "deploy", "report.render", "discovery.scan" };
        for (int i = 0; i < lines; i++) {
            long k = file * lines + i;
            text.append(switch (i % 3) {
                case 0 -> "{\"type\":\"feature\",\"name\":\"" + features[(int) (k % features.length)] + "\"}";
                case 1 -> "{\"type\":\"duration\",\"operation\":\"" + operations[(int) (k % 3)] + "\",\"millis\":"
                        + (k % 5000) + "}";
                default -> "{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":"
                        + "\"x\",\"frames\":[\"com.demo.monitoring.A.b" + (k % 40) + "(A.java:1)\"]}";
            }).append('\n');
        }
        return text.toString();
    }

    /** A directory of {@code files} spool files of {@code lines} lines each (the three kinds of event, in turn). */
    private static Path write(Path dir, int files, int lines) throws IOException {
        Files.createDirectories(dir);
        for (int f = 0; f < files; f++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                text.append(switch (i % 3) {
                    case 0 -> "{\"type\":\"feature\",\"name\":\"dashboards.open\"}";
                    case 1 -> "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":" + (i % 5000) + "}";
                    default -> "{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":"
                            + "\"x\",\"frames\":[\"com.demo.monitoring.A.b(A.java:" + (i % 7) + ")\"]}";
                }).append('\n');
            }
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "e%03d.jsonl", f)), text);
        }
        return dir;
    }

    private static long accepted(BenchProcess agent) throws Exception {
        return ((Number) agent.attribute(EventCounters.OBJECT_NAME, "Accepted")).longValue();
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static List<Path> jsonl(Path dir) throws IOException {
        try (Stream<Path> listed = Files.list(dir)) {
            return listed.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /** The agent makes its spool at its first poll. */
    private static void awaitDirectory(Path spool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.isDirectory(spool) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
