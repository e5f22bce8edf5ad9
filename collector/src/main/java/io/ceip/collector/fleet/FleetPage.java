package io.ceip.collector.fleet;

import java.util.List;
import java.util.Map;

/**
 * The fleet view as one HTML page with no script and nothing fetched: each counting figure a horizontal bar chart in
 * inline SVG (each bar carries {@code data-label} and {@code data-value}), its numbers beside the bars, and a link to
 * its JSON; then the figures of the reports' events ({@link EventSections}). Every text from the reports is escaped.
 */
public final class FleetPage {

    private static final int BAR_AREA = 360;
    private static final int ROW = 22;

    private FleetPage() {
    }

    public static String render(Map<Figure, Map<String, Long>> figures, EventQueries.FeatureUse features,
            List<EventQueries.ErrorRow> errors, List<EventQueries.DurationRow> durations) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>CEIP fleet</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}section{margin-bottom:2em}")
                .append("svg text{font-size:12px}rect{fill:#3b6ea5}rect.p90{fill:#7fa3c9}rect.p99{fill:#c3d4e6}")
                .append("table{border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:2px 8px;")
                .append("text-align:left}td.n{text-align:right}code{overflow-wrap:anywhere}</style></head><body>")
                .append("<h1>CEIP fleet</h1>\n");
        for (Map.Entry<Figure, Map<String, Long>> entry : figures.entrySet()) {
            chart(html, entry.getKey(), entry.getValue());
        }
        EventSections.featureUse(html, features);
        EventSections.topErrors(html, errors);
        EventSections.durations(html, durations);
        return html.append("</body></html>\n").toString();
    }

    private static void chart(StringBuilder html, Figure figure, Map<String, Long> values) {
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int height = Math.max(1, values.size()) * ROW + 4;
        if (!heading(html, figure, values.isEmpty())) {
            return;
        }
        html.append("<svg class=\"chart\" data-figure=\"").append(figure.figureName()).append("\" width=\"")
                .append(200 + BAR_AREA + 60).append("\" height=\"").append(height).append("\" role=\"img\">");
        int y = 2;
        for (Map.Entry<String, Long> value : values.entrySet()) {
            long width = Math.max(1, value.getValue() * BAR_AREA / Math.max(1, max));
            String label = escape(value.getKey());
            EventSections.label(html, value.getKey(), y);
            html.append("<rect x=\"200\" y=\"").append(y).append("\" width=\"").append(width)
                    .append("\" height=\"").append(ROW - 4).append("\" data-label=\"").append(label)
                    .append("\" data-value=\"").append(value.getValue()).append("\"></rect>")
                    .append("<text x=\"").append(205 + width).append("\" y=\"").append(y + 15).append("\">")
                    .append(value.getValue()).append("</text>");
            y += ROW;
        }
        html.append("</svg></section>\n");
    }

    /** The section's start, title and JSON link; false (the section closed) when it has nothing to show. */
    static boolean heading(StringBuilder html, Figure figure, boolean empty) {
        html.append("<section id=\"").append(figure.figureName()).append("\"><h2>").append(escape(figure.title()))
                .append("</h2><p><a href=\"/v1/fleet/").append(figure.figureName()).append(".json\">JSON</a></p>");
        if (empty) {
            html.append("<p class=\"empty\">no reports yet</p></section>\n");
        }
        return !empty;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
