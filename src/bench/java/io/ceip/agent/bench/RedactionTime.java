package io.ceip.agent.bench;

import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.RedactionRules;
import io.ceip.agent.privacy.RedactionRulesFile;
import io.ceip.agent.support.HostileText;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A figure outside the benchmark run: the time the shipped redaction rules ({@code config/redaction-rules.yaml})
 * take to redact each 1 MiB hostile text of {@link HostileText}, and the largest. Run once, from the project
 * directory, after {@code mvn -o -q test-compile}:
 *
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat cp.txt)" io.ceip.agent.bench.RedactionTime [runs]
 * </pre>
 *
 * Prints one Markdown row per text: the median and the largest wall-clock time of {@code runs} timed redactions
 * (default 5, after two untimed ones), and the median CPU time of the redacting thread (what the redaction costs
 * when other processes share the machine).
 */
public final class RedactionTime {

    private RedactionTime() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // text redaction never reads the pseudonym salt: its directory stays empty
        Path salt = Files.createTempDirectory("ceip-bench-salt-");
        RedactionRules rules = RedactionRulesFile.load(Path.of("config/redaction-rules.yaml"),
                new Pseudonyms(new FileStateStore(salt)));
        Files.delete(salt);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double worst = 0;
        String worstName = "";
        System.out.println("| 1 MiB hostile text | median ms | max ms | median CPU ms |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, String> text : HostileText.all(1 << 20).entrySet()) {
            List<Double> millis = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int run = 0; run < runs + 2; run++) {
                long start = System.nanoTime();
                long startCpu = threads.getCurrentThreadCpuTime();
                rules.redactText(text.getValue());
                if (run >= 2) {
                    millis.add((System.nanoTime() - start) / 1e6);
                    cpu.add((threads.getCurrentThreadCpuTime() - startCpu) / 1e6);
                }
            }
            double median = Figure.median(millis);
            double max = millis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", text.getKey(), median, max,
                    Figure.median(cpu));
            if (median > worst) {
                worst = median;
                worstName = text.getKey();
            }
        }
        System.out.printf(Locale.ROOT, "Slowest: %s, %.1f ms (median of %d) on %s, %d processors%n", worstName, worst,
                runs, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
    }
}
