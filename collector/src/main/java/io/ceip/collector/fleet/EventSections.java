package io.ceip.collector.fleet;

import static io.ceip.collector.fleet.FleetPage.escape;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet page's sections of the reports' events: feature use over time (small multiples in inline SVG: one row
 * of bars per feature, one bar per day, week or month, each row scaled to its own busiest bucket; every bar carries
 * {@code data-label}, {@code data-bucket} and {@code data-value}), the top error fingerprints (a table: read, not
 * looked at) and the operations' duration percentiles (p50, p90 and p99 as overlaid bars, {@code data-percentile},
 * and a table with the numbers and how they were combined). Every text from the reports is escaped; a long name is
 * shown shortened, whole in its tooltip.
 */
final class EventSections {

    private static final int LABEL = 200;
    private static final int ROW = 22;
    private static final int BAR_AREA = 480;
    private static final int SHOWN_CHARS = 28;

    private EventSections() {
    }

    static void featureUse(StringBuilder html, EventQueries.FeatureUse use) {
        if (!FleetPage.heading(html, Figure.FEATURE_USE, use.uses().isEmpty())) {
            return;
        }
        List<LocalDate> buckets = use.buckets();
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            column.put(buckets.get(i).toString(), i);
        }
        int width = Math.max(2, BAR_AREA / Math.max(1, buckets.size()));
        html.append("<p>Feature events (<code>features.events</code>) per ").append(use.bucket())
                .append(" the reports arrived, the ").append(use.uses().size())
                .append(" features most installations used (then the most used); each")
                .append(" row scaled to its own busiest ").append(use.bucket()).append(". A count an installation")
                .append(" sent as a range (6-10) is counted at its lower bound.</p>")
                .append("<svg class=\"chart\" data-figure=\"feature-use\" width=\"")
                .append(LABEL + width * buckets.size() + 200).append("\" height=\"")
                .append(use.uses().size() * ROW + 24).append("\" role=\"img\">");
        int y = 2;
        for (Map.Entry<String, Map<String, Long>> feature : use.uses().entrySet()) {
            String label = escape(feature.getKey());
            label(html, feature.getKey(), y);
            html.append("<line x1=\"").append(LABEL).append("\" x2=\"").append(LABEL + width * buckets.size())
                    .append("\" y1=\"").append(y + ROW - 4).append("\" y2=\"").append(y + ROW - 4)
                    .append("\" stroke=\"#bbb\"></line>");
            long max = Math.max(1, feature.getValue().values().stream().mapToLong(Long::longValue).max().orElse(1));
            long total = 0;
            for (Map.Entry<String, Long> bucket : feature.getValue().entrySet()) {
                Integer x = column.get(bucket.getKey());
                total = EventQueries.add(total, bucket.getValue()); // at most a long (a sum may be saturated)
                if (x == null || bucket.getValue() == 0) {
                    continue;
                }
                long height = Math.max(1, (long) ((double) bucket.getValue() * (ROW - 4) / max)); // no overflow
                html.append("<rect x=\"").append(LABEL + x * width).append("\" y=\"").append(y + ROW - 4 - height)
                        .append("\" width=\"").append(Math.max(1, width - 1)).append("\" height=\"").append(height)
                        .append("\" data-label=\"").append(label).append("\" data-bucket=\"").append(bucket.getKey())
                        .append("\" data-value=\"").append(bucket.getValue()).append("\"><title>").append(label)
                        .append(", ").append(bucket.getKey()).append(": ").append(bucket.getValue())
                        .append("</title></rect>");
            }
            html.append("<text x=\"").append(LABEL + width * buckets.size() + 8).append("\" y=\"").append(y + 15)
                    .append("\">").append(total).append(" uses, ").append(use.installations().get(feature.getKey()))
                    .append(" installations</text>");
            y += ROW;
        }
        html.append("<text x=\"").append(LABEL).append("\" y=\"").append(y + 14).append("\">")
                .append(buckets.get(0)).append("</text><text x=\"").append(LABEL + width * buckets.size())
                .append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
                .append(buckets.get(buckets.size() - 1)).append("</text></svg></section>\n");
    }

    static void topErrors(StringBuilder html, List<EventQueries.ErrorRow> errors) {
        if (!FleetPage.heading(html, Figure.TOP_ERRORS, errors.isEmpty())) {
            return;
        }
        html.append("<p>The ").append(errors.size()).append(" fingerprints (<code>errors</code>) the most")
                .append(" installations reported (then the most errors), each with the exception type the reports")
                .append(" named.</p><table data-figure=\"top-errors\"><thead><tr><th>fingerprint</th>")
                .append("<th>exception type</th><th>errors</th><th>installations</th></tr></thead><tbody>");
        for (EventQueries.ErrorRow error : errors) {
            html.append("<tr><td><code>").append(escape(error.fingerprint())).append("</code></td><td><code>")
                    .append(escape(error.exception())).append("</code></td><td class=\"n\">").append(error.count())
                    .append("</td><td class=\"n\">").append(error.installations()).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    static void durations(StringBuilder html, List<EventQueries.DurationRow> durations) {
        if (!FleetPage.heading(html, Figure.OPERATION_DURATIONS, durations.isEmpty())) {
            return;
        }
        long max = Math.max(1, durations.stream().mapToLong(EventQueries.DurationRow::p99).max().orElse(1));
        html.append("<p>The ").append(durations.size()).append(" operations (<code>durations</code>) the most")
                .append(" installations timed (then the most runs). ").append(escape(EventQueries.COMBINATION))
                .append(". Bars: p50 dark, p90 middle, p99")
                .append(" light, in ms.</p><svg class=\"chart\" data-figure=\"operation-durations\" width=\"")
                .append(LABEL + BAR_AREA / 4 * 3 + 200).append("\" height=\"").append(durations.size() * ROW + 4)
                .append("\" role=\"img\">");
        int y = 2;
        for (EventQueries.DurationRow row : durations) {
            label(html, row.operation(), y);
            long[] values = {row.p99(), row.p90(), row.p50()};
            String[] names = {"p99", "p90", "p50"};
            for (int i = 0; i < 3; i++) {
                html.append("<rect class=\"").append(names[i]).append("\" x=\"").append(LABEL).append("\" y=\"")
                        .append(y).append("\" width=\"").append(Math.max(1, values[i] * (BAR_AREA / 4 * 3) / max))
                        .append("\" height=\"").append(ROW - 4).append("\" data-label=\"")
                        .append(escape(row.operation())).append("\" data-percentile=\"").append(names[i])
                        .append("\" data-value=\"").append(values[i]).append("\"><title>").append(names[i])
                        .append(": ").append(values[i]).append(" ms</title></rect>");
            }
            html.append("<text x=\"").append(LABEL + BAR_AREA / 4 * 3 + 8).append("\" y=\"").append(y + 15)
                    .append("\">").append(row.p50()).append(" / ").append(row.p90()).append(" / ").append(row.p99())
                    .append(" ms</text>");
            y += ROW;
        }
        html.append("</svg><table data-figure=\"operation-durations\"><thead><tr><th>operation</th><th>runs</th>")
                .append("<th>installations</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>worst p99 ms</th>")
                .append("<th>max ms</th></tr></thead><tbody>");
        for (EventQueries.DurationRow row : durations) {
            html.append("<tr><td><code>").append(escape(row.operation())).append("</code></td>");
            for (long n : new long[] {row.runs(), row.installations(), row.p50(), row.p90(), row.p99(),
                row.worstP99(), row.max()}) {
                html.append("<td class=\"n\">").append(n).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    /** A row's label: at most {@value #SHOWN_CHARS} characters shown, the whole name in its tooltip. */
    static void label(StringBuilder html, String name, int y) {
        String shown = shortened(name, SHOWN_CHARS);
        html.append("<text x=\"0\" y=\"").append(y + 15).append("\"><title>").append(escape(name))
                .append("</title>").append(escape(shown)).append("</text>");
    }

    /** {@code text}, or its first {@code chars} - 1 characters (never half a pair) and an ellipsis. */
    static String shortened(String text, int chars) {
        return text.codePointCount(0, text.length()) <= chars ? text
                : text.substring(0, text.offsetByCodePoints(0, chars - 1)) + "…";
    }
}
