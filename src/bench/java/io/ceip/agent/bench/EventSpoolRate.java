package io.ceip.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.CeipConfiguration;
import io.ceip.agent.events.EventSpool;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.main.Main;

/**
 * A figure outside the benchmark run (issue 19): events accepted per second through the spool — the agent started
 * as camel-main starts it, consent full, its route {@code ceip-events} reading the files the way a product hands
 * them over (written elsewhere, renamed into the spool), each line parsed, aggregated, each file flushed to disk
 * and deleted — against a plain loop that reads the same files line by line and parses each line with Jackson.
 * Run from the project directory after {@code mvn -o -q test-compile}:
 *
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat cp.txt)" io.ceip.agent.bench.EventSpoolRate [files] [lines]
 * </pre>
 *
 * (default 50 files of 10000 lines). Prints both rates (each the best of {@value #RUNS} runs) and their ratio (goal:
 * at least 0.8). Each spool file costs one durable flush of the aggregate (two fsyncs), so larger files come
 * closer to the plain loop.
 */
public final class EventSpoolRate {

    private static final int RUNS = 4;

    private EventSpoolRate() {
    }

    public static void main(String[] args) throws Exception {
        int fileCount = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int lineCount = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path work = Files.createTempDirectory("ceip-bench-events-");
        Path source = Files.createDirectories(work.resolve("source"));
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < fileCount; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < lineCount; i++) {
                lines.append(switch (i % 3) {
                    case 0 -> "{\"type\":\"feature\",\"name\":\"dashboards.open\"}";
                    case 1 -> "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":" + (i % 5000) + "}";
                    default -> "{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":"
                            + "\"x\",\"frames\":[\"com.demo.monitoring.A.b(A.java:" + (i % 7) + ")\"]}";
                }).append('\n');
            }
            files.add(Files.writeString(source.resolve("e" + f + ".jsonl"), lines));
        }
        long total = (long) fileCount * lineCount;

        ObjectMapper json = new ObjectMapper();
        double plain = 0;
        for (int run = 0; run < RUNS; run++) { // the best of RUNS (JIT warmed, the machine shared)
            long start = System.nanoTime();
            long parsed = 0;
            for (Path file : files) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (json.readTree(line).has("type")) {
                            parsed++;
                        }
                    }
                }
            }
            plain = Math.max(plain, parsed / ((System.nanoTime() - start) / 1e9));
        }

        Path data = work.resolve("data");
        Main main = new Main();
        main.configure().addConfiguration(CeipConfiguration.class);
        main.setPropertyPlaceholderLocations("file:config/application.properties,classpath:ceip-defaults.properties");
        for (String[] p : new String[][] { { "ceip.data.directory", data.toString() },
                { "ceip.dead-letter.directory", data.resolve("dead-letter").toString() },
                { "ceip.consent.default", "full" }, { "ceip.schedule.enabled", "false" },
                { "ceip.collector.enabled", "false" }, { "ceip.dead-letter.replay-enabled", "false" },
                { "ceip.database.demo-data", "false" }, { "ceip.events.poll-interval", "100" },
                { "ceip.database.url", "jdbc:h2:mem:bench" } }) {
            main.addOverrideProperty(p[0], p[1]);
        }
        main.start();
        try {
            EventSpool spool = main.getCamelContext().getRegistry().lookupByNameAndType("eventSpool",
                    EventSpool.class);
            Path spoolDirectory = Files.createDirectories(spool.directory());
            double[] rates = new double[RUNS];
            for (int run = 0; run < RUNS; run++) { // the best of RUNS, as for the plain loop
                for (Path file : files) { // written under another name first (not timed), as a product does
                    Files.copy(file, spoolDirectory.resolve(run + "-" + file.getFileName() + ".tmp"));
                }
                long before = spool.accepted();
                long start = System.nanoTime();
                for (Path file : files) {
                    String name = run + "-" + file.getFileName();
                    Files.move(spoolDirectory.resolve(name + ".tmp"), spoolDirectory.resolve(name),
                            StandardCopyOption.ATOMIC_MOVE);
                }
                while (spool.accepted() - before < total) {
                    Thread.sleep(5);
                }
                rates[run] = total / ((System.nanoTime() - start) / 1e9);
            }
            double best = java.util.Arrays.stream(rates).max().orElse(0);
            System.out.printf(Locale.ROOT, "events: %d files x %d lines%nplain loop (read + Jackson parse): %.0f"
                    + " events/s%nthrough the spool (route, parse, aggregate, flush, delete): %.0f events/s"
                    + " (first run %.0f)%nratio: %.2f (goal >= 0.8)%n", fileCount, lineCount, plain, best,
                    rates[0], best / plain);
        } finally {
            main.stop();
        }
    }
}
