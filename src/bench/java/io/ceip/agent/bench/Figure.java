package io.ceip.agent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of the benchmark table: the agent's samples, the baseline's samples measured in the same run (if the
 * figure has one), how the ratio is formed and the target.
 */
final class Figure {

    final String name;
    final String unit;
    final List<Double> agent = new ArrayList<>();
    final List<Double> baseline = new ArrayList<>();
    final String target;
    String note = "";

    Figure(String name, String unit, String target) {
        this.name = name;
        this.unit = unit;
        this.target = target;
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String summary(List<Double> values) {
        if (values.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%s (%s–%s, n=%d)", number(median(values)),
                number(values.stream().min(Double::compare).orElseThrow()),
                number(values.stream().max(Double::compare).orElseThrow()), values.size());
    }

    String ratio() {
        if (agent.isEmpty() || baseline.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", median(agent) / median(baseline));
    }

    String row() {
        return "| " + name + " | " + unit + " | " + summary(agent) + " | " + summary(baseline) + " | " + ratio()
                + " | " + target + " | " + note + " |";
    }

    static String number(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
