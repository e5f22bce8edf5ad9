package io.ceip.agent.report;

import io.ceip.agent.events.DurationHistogram.DurationSummary;
import io.ceip.agent.events.EventAggregate.ErrorSummary;
import io.ceip.agent.events.EventAggregate.Summary;
import io.ceip.agent.events.EventCatalog;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a full-consent report's product events into {@code ceip.report.max-bytes} (the report's gzip size), so that
 * the events never make a report too big to send — and, as a report that is not stored keeps its events' window for
 * the next one, never make every later report too big as well.
 * <p>
 * A report that fits is left as it is. Otherwise ever smaller forms of its events are tried, in this order, and the
 * first that fits is sent: the frames of only the most frequent half of the error fingerprints, then a quarter, and so
 * on to none; then the most frequent half of the fingerprints (without frames), a quarter, … with the rest counted
 * under {@value EventCatalog#OTHER}; then the most used half of the feature names (the rest under
 * {@value EventCatalog#OTHER}) and of the operations (the rest left out), … ; last, no events. Ties are broken by name,
 * so a report is fitted the same way each time (what {@code preview} shows is what is sent). What was left out is said
 * in one WARN line; it is not kept (it would never fit either). A report too big even without any event is left as it
 * is: it is not the events' doing (the route refuses it as too big, and the events stay for the next report).
 */
public final class EventsFit {

    private static final Logger LOG = LoggerFactory.getLogger(EventsFit.class);
    private static final Comparator<Map.Entry<String, Long>> MOST_FIRST =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final long maxBytes;

    /** @param maxBytes {@code ceip.report.max-bytes}: the largest gzip report that may be sent */
    public EventsFit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The report's JSON: {@code json} (the report with all of {@code events}) when its gzip fits, else
     * {@code render} of the first smaller form of the events that fits, or of none.
     *
     * @param warn whether to log what was left out (not for a preview)
     */
    public byte[] fit(String reportId, Summary events, byte[] json, Function<Summary, byte[]> render, boolean warn) {
        long size = gzipSize(json);
        if (size <= maxBytes || events == null || events.isEmpty()) {
            return json;
        }
        byte[] none = render.apply(new Summary(Map.of(), Map.of(), Map.of()));
        if (gzipSize(none) > maxBytes) {
            return json; // too big without any event as well: not the events' doing (not stored, the window kept)
        }
        Form fitted = null;
        byte[] fittedJson = null;
        for (Form form : smaller(events)) {
            fittedJson = render.apply(form.events);
            fitted = form;
            if (gzipSize(fittedJson) <= maxBytes) {
                break;
            }
        }
        if (warn) {
            LOG.warn("Report {}: its product events make it {} bytes gzip, over ceip.report.max-bytes ({}): left out"
                    + " {} (not kept: they would not fit in any report)", reportId, size, maxBytes, fitted.left);
        }
        return fittedJson;
    }

    /** One smaller form of a report's events, and what it leaves out. */
    private record Form(Summary events, String left) {
    }

    /** The smaller forms of {@code events}, in the order they are tried; the last is no events. */
    private static List<Form> smaller(Summary events) {
        Map<String, ErrorSummary> errors = events.errors();
        List<String> ranked = errors.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().count()))
                .sorted(MOST_FIRST).map(Map.Entry::getKey).toList();
        List<Form> forms = new ArrayList<>();
        for (int kept : halves(ranked.size())) { // the frames of ever fewer fingerprints
            Map<String, ErrorSummary> form = new TreeMap<>();
            for (int i = 0; i < ranked.size(); i++) {
                ErrorSummary error = errors.get(ranked.get(i));
                form.put(ranked.get(i), i < kept ? error : new ErrorSummary(error.exception(), error.count(), List.of()));
            }
            forms.add(new Form(new Summary(events.features(), form, events.durations()), "the frames of "
                    + (ranked.size() - kept) + " of " + ranked.size() + " error fingerprints"));
        }
        Map<String, ErrorSummary> folded = errors;
        for (int kept : halves(ranked.size())) { // ever fewer fingerprints, the rest under other
            folded = new TreeMap<>();
            long other = 0;
            for (int i = 0; i < ranked.size(); i++) {
                ErrorSummary error = errors.get(ranked.get(i));
                if (i < kept && !EventCatalog.OTHER.equals(ranked.get(i))) {
                    folded.put(ranked.get(i), new ErrorSummary(error.exception(), error.count(), List.of()));
                } else {
                    other = sum(other, error.count());
                }
            }
            folded.put(EventCatalog.OTHER, new ErrorSummary(EventCatalog.OTHER, other, List.of()));
            forms.add(new Form(new Summary(events.features(), folded, events.durations()), "the frames of every"
                    + " error fingerprint, and " + (ranked.size() - kept) + " of " + ranked.size()
                    + " fingerprints (counted under other)"));
        }
        int names = Math.max(events.features().size(), events.durations().size());
        for (int kept : halves(names)) { // ever fewer feature names (the rest under other) and operations
            forms.add(new Form(new Summary(topFeatures(events.features(), kept), folded,
                    topDurations(events.durations(), kept)), "the frames and fingerprints of the errors, all but "
                            + kept + " of " + events.features().size() + " feature names (counted under other) and"
                            + " of " + events.durations().size() + " operations"));
        }
        forms.add(new Form(new Summary(Map.of(), Map.of(), Map.of()), "any of its product events"));
        return forms;
    }

    private static Map<String, Long> topFeatures(Map<String, Long> features, int kept) {
        Map<String, Long> top = new TreeMap<>();
        long other = 0;
        List<Map.Entry<String, Long>> ranked = features.entrySet().stream().sorted(MOST_FIRST).toList();
        for (int i = 0; i < ranked.size(); i++) {
            if (i < kept && !EventCatalog.OTHER.equals(ranked.get(i).getKey())) {
                top.put(ranked.get(i).getKey(), ranked.get(i).getValue());
            } else {
                other = sum(other, ranked.get(i).getValue());
            }
        }
        if (other > 0) {
            top.put(EventCatalog.OTHER, other);
        }
        return top;
    }

    private static Map<String, DurationSummary> topDurations(Map<String, DurationSummary> durations, int kept) {
        Map<String, DurationSummary> top = new TreeMap<>();
        durations.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().count())).sorted(MOST_FIRST)
                .limit(kept).forEach(e -> top.put(e.getKey(), durations.get(e.getKey())));
        return top;
    }

    /** {@code a + b}, at most {@link Long#MAX_VALUE} (counts of a hostile aggregate never wrap). */
    private static long sum(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /** {@code n/2, n/4, …, 1, 0}: how many are kept at each smaller form (nothing for 0). */
    private static List<Integer> halves(int n) {
        List<Integer> halves = new ArrayList<>();
        for (int kept = n / 2; n > 0; kept /= 2) {
            halves.add(kept);
            if (kept == 0) {
                break;
            }
        }
        return halves;
    }

    /** The size of {@code json} gzipped as the report route does ({@code java.util.zip}'s defaults). */
    static long gzipSize(byte[] json) {
        long[] size = { 0 };
        try (GZIPOutputStream gzip = new GZIPOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                size[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                size[0] += len;
            }
        })) {
            gzip.write(json);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into a counter failed", e);
        }
        return size[0];
    }
}
