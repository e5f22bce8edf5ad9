package io.ceip.collector.fleet;

import static io.ceip.collector.fleet.FleetPage.escape;

import java.util.List;

/**
 * The fleet page's usage figure ({@link UsageQueries}): one table, a row per product, source and key with the
 * installations that reported it and the sum, median, p90 and max of their values; each row's installations also as a
 * bar of the product's installations that reported anything ({@code data-label}, {@code data-value}). Every text
 * from the reports (product, key) is escaped.
 */
final class UsageSection {

    private static final int BAR = 120;

    private UsageSection() {
    }

    static void render(StringBuilder html, List<UsageQueries.UsageRow> rows) {
        if (!FleetPage.heading(html, Figure.USAGE, rows.isEmpty())) {
            return;
        }
        html.append("<p>The counts each product declares (<code>usage</code>, and <code>features.counts</code> at")
                .append(" full consent): per key, ").append(escape(UsageQueries.PERCENTILES))
                .append(". The bar: installations that reported the key.</p><table data-figure=\"usage\"><thead><tr>")
                .append("<th>product</th><th>source</th><th>key</th><th>installations</th><th>sum</th>")
                .append("<th>median</th><th>p90</th><th>max</th></tr></thead><tbody>");
        long most = Math.max(1, rows.stream().mapToLong(UsageQueries.UsageRow::installations).max().orElse(1));
        for (UsageQueries.UsageRow row : rows) {
            String product = row.product() == null ? "<i>no product</i>" : escape(row.product());
            html.append("<tr><td>").append(product).append("</td><td><code>").append(row.source())
                    .append("</code></td><td><code>").append(escape(row.key())).append("</code></td><td class=\"n\">")
                    .append("<svg class=\"bar\" width=\"").append(BAR + 4).append("\" height=\"12\"><rect x=\"0\"")
                    .append(" y=\"1\" height=\"10\" width=\"").append(Math.max(1, row.installations() * BAR / most))
                    .append("\" data-label=\"").append(escape(row.key())).append("\" data-value=\"")
                    .append(row.installations()).append("\"></rect></svg> ").append(row.installations())
                    .append("</td>");
            for (long n : new long[] {row.sum(), row.p50(), row.p90(), row.max()}) {
                html.append("<td class=\"n\">").append(n).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></section>\n");
    }
}
