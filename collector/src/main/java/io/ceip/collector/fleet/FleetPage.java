package io.ceip.collector.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fleet view as one HTML page with no script and nothing fetched: each counting figure a horizontal bar chart in
 * inline SVG (each bar carries {@code data-label} and {@code data-value}), its numbers beside the bars, and a link to
 * its JSON; then the usage counts ({@link UsageSection}) and the figures of the reports' events
 * ({@link EventSections}); last the store's quarantine (records, the oldest, the bound). Every text from the reports
 * is escaped.
 */
public final class FleetPage {

    private static final int BAR_AREA = 360;
    private static final int ROW = 22;

    private FleetPage() {
    }

    public static String render(Map<Figure, Map<String, Long>> figures, List<FleetQueries.ProductVersion> versions,
            EventQueries.FeatureUse features, List<EventQueries.ErrorRow> errors,
            List<EventQueries.DurationRow> durations, List<UsageQueries.UsageRow> usage,
            FleetQueries.QuarantineFigure quarantine, long quarantineBound) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>CEIP fleet</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}section{margin-bottom:2em}")
                .append("svg text{font-size:12px}rect{fill:#3b6ea5}rect.p90{fill:#7fa3c9}rect.p99{fill:#c3d4e6}")
                .append("table{border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:2px 8px;")
                .append("text-align:left}td.n{text-align:right}code{overflow-wrap:anywhere}</style></head><body>")
                .append("<h1>CEIP fleet</h1>\n");
        for (Map.Entry<Figure, Map<String, Long>> entry : figures.entrySet()) {
            List<Bar> bars = new ArrayList<>();
            entry.getValue().forEach((value, n) -> bars.add(new Bar(value, label(value), "", n)));
            chart(html, entry.getKey(), bars);
            if (entry.getKey() == Figure.ACTIVE_INSTALLATIONS) {
                productVersions(html, versions);
            }
        }
        UsageSection.render(html, usage);
        EventSections.featureUse(html, features);
        EventSections.topErrors(html, errors);
        EventSections.durations(html, durations);
        quarantine(html, quarantine, quarantineBound);
        return html.append("</body></html>\n").toString();
    }

    /**
     * Product versions: each bar one product and version ({@code data-product}, {@code data-version}, absent when the
     * reports had none), labelled {@code product · version}; a missing version shown as <i>no version</i>.
     */
    private static void productVersions(StringBuilder html, List<FleetQueries.ProductVersion> versions) {
        List<Bar> bars = new ArrayList<>();
        for (FleetQueries.ProductVersion row : versions) {
            String product = row.product() == null ? "no product" : row.product();
            String version = row.version() == null ? "no version" : row.version();
            String attributes = (row.product() == null ? "" : " data-product=\"" + escape(row.product()) + "\"")
                    + (row.version() == null ? "" : " data-version=\"" + escape(row.version()) + "\"");
            String shown = (row.product() == null ? "<tspan font-style=\"italic\">no product</tspan>"
                    : escape(EventSections.shortened(product, 16))) + " · " + (row.version() == null
                    ? "<tspan font-style=\"italic\">no version</tspan>" : escape(EventSections.shortened(version, 12)));
            bars.add(new Bar(product + " · " + version, "<title>" + escape(product + " · " + version) + "</title>"
                    + shown, attributes, row.installations()));
        }
        chart(html, Figure.PRODUCT_VERSIONS, bars);
    }

    /**
     * The quarantine: {@code data-records}, {@code data-oldest} (absent when none) and {@code data-bound}; when full,
     * that its partitions wait; the tool that lists and resends them.
     */
    private static void quarantine(StringBuilder html, FleetQueries.QuarantineFigure quarantine, long bound) {
        heading(html, Figure.QUARANTINE, false);
        boolean full = quarantine.records() >= bound;
        html.append("<p class=\"quarantine\" data-records=\"").append(quarantine.records()).append('"')
                .append(quarantine.oldest() == null ? "" : " data-oldest=\"" + quarantine.oldest() + "\"")
                .append(" data-bound=\"").append(bound).append("\">").append(quarantine.records())
                .append(" of at most ").append(bound).append(quarantine.oldest() == null ? ""
                        : ", the oldest quarantined at " + quarantine.oldest())
                .append(full ? ". <strong>Full: a partition with a poison record waits at it.</strong>" : "")
                .append(quarantine.records() == 0 ? "" : " See <code>java -jar ceip-collector.jar quarantine"
                        + " list</code>.").append("</p></section>\n");
    }

    /** One bar: its data label (text), its label's markup (escaped), more attributes (escaped), its value. */
    private record Bar(String label, String markup, String attributes, long value) {
    }

    /** A label's markup: at most 28 characters shown, the whole text in its tooltip. */
    private static String label(String text) {
        return "<title>" + escape(text) + "</title>" + escape(EventSections.shortened(text, 28));
    }

    private static void chart(StringBuilder html, Figure figure, List<Bar> bars) {
        long max = bars.stream().mapToLong(Bar::value).max().orElse(1);
        int height = Math.max(1, bars.size()) * ROW + 4;
        if (!heading(html, figure, bars.isEmpty())) {
            return;
        }
        html.append("<svg class=\"chart\" data-figure=\"").append(figure.figureName()).append("\" width=\"")
                .append(200 + BAR_AREA + 60).append("\" height=\"").append(height).append("\" role=\"img\">");
        int y = 2;
        for (Bar bar : bars) {
            long width = Math.max(1, bar.value() * BAR_AREA / Math.max(1, max));
            html.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(bar.markup()).append("</text>")
                    .append("<rect x=\"200\" y=\"").append(y).append("\" width=\"").append(width)
                    .append("\" height=\"").append(ROW - 4).append("\" data-label=\"").append(escape(bar.label()))
                    .append("\"").append(bar.attributes()).append(" data-value=\"").append(bar.value())
                    .append("\"></rect>").append("<text x=\"").append(205 + width).append("\" y=\"").append(y + 15)
                    .append("\">").append(bar.value()).append("</text>");
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

    /**
     * {@code text} as HTML text or attribute value: markup characters escaped, control characters (C0, DEL, C1) a
     * blank, and the bidirectional controls (U+061C, U+200E/F, U+202A-E, U+2066-9), with which a report's text made
     * a label read backwards or reorder what follows it, U+FFFD.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 || c >= 0x7f && c < 0xa0 ? ' ' : bidi(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static boolean bidi(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e'
                || c >= '\u2066' && c <= '\u2069';
    }
}
