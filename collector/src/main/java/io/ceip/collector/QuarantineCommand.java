package io.ceip.collector;

import io.ceip.collector.store.QuarantinedRecords;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar ceip-collector.jar quarantine [list | resend ID... | resend --all]}, run where a node runs (its
 * settings: {@code config/application.properties}, {@code -Dcollector.*}): the operator's tool for the Kafka records
 * the store quarantined ({@link QuarantinedRecords}). {@code list} prints one line per record (id, when, place,
 * tries, size, failure; never its content); {@code resend} sends records again through the store's normal path once
 * their cause is fixed, each row deleted only once its report is stored or found already stored, kept (one more
 * attempt) when it fails again, or as it was when its time is older than {@code collector.store.retention-months}
 * (the store's upkeep would drop it), one line each and a summary. Beside running nodes (PostgreSQL); the single
 * node's H2 file must be free (stop the node: it never quarantines). Exit code 0; 1 when a record was kept, not
 * found or, for {@code resend --all}, quarantined meanwhile and left for the next resend, or the database could not
 * be used (one line on stderr, as the start's); 2 for a wrong command line.
 */
final class QuarantineCommand {

    static final String USAGE = "usage: java -jar ceip-collector.jar quarantine [list | resend ID... | resend --all]";

    private QuarantineCommand() {
    }

    /** Runs {@code args} (after {@code quarantine}) with the node's settings and {@code overrides}; the exit code. */
    static int run(String[] args, Map<String, String> overrides, PrintStream out, PrintStream err) throws Exception {
        List<String> words = List.of(args);
        boolean list = words.isEmpty() || words.equals(List.of("list"));
        boolean all = words.equals(List.of("resend", "--all"));
        if (!list && !all && !(words.size() > 1 && words.get(0).equals("resend")
                && words.stream().skip(1).allMatch(word -> word.matches("[0-9]{1,18}")))) {
            err.println("ceip-collector: quarantine: not a command: " + ReportStore.printable(String.join(" ", words))
                    + " (" + USAGE + ")");
            return 2;
        }
        CollectorSettings settings = CollectorSettings.load(overrides);
        String url = settings.get("collector.store.jdbc-url");
        String password = settings.get("collector.store.password");
        try (ReportStore store = new ReportStore(url, settings.get("collector.store.user"), password,
                (int) settings.number("collector.store.max-event-names-per-day"),
                (int) settings.number("collector.store.max-column-values-per-day"));
                QuarantinedRecords records = new QuarantinedRecords(store, new Retention(store,
                        (int) settings.number("collector.store.retention-months"), Clock.systemUTC()), url,
                        settings.get("collector.store.user"), password)) {
            try {
                records.prepare();
                if (list) {
                    return list(records, settings.number("collector.store.quarantine-max-records"), out);
                }
                store.seedEventNames(Instant.now()); // as a store node's start: no fresh bound of new names
                return all ? resendAll(records, out)
                        : resend(records, words.stream().skip(1).map(Long::valueOf).toList(), out);
            } catch (SQLException e) {
                throw DatabaseUnusable.of(e, url, password);
            }
        }
    }

    private static int list(QuarantinedRecords records, long bound, PrintStream out) throws SQLException {
        QuarantinedRecords.Count count = records.count();
        out.println(count.records() + " record(s) in ceip_report_quarantine (at most " + bound
                + ", collector.store.quarantine-max-records)");
        if (count.records() > 0) {
            out.println("id\tquarantined at\tplace\tattempts\tbytes\treason");
        }
        records.list(count.lastId(), entry -> out.println(entry.id() + "\t" + entry.quarantinedAt() + "\t"
                + ReportStore.printable(entry.topic()) + "-" + entry.partition() + " offset " + entry.offset() + "\t"
                + entry.attempts() + "\t" + (entry.bytes() == null ? "no value" : entry.bytes()) + "\t"
                + ReportStore.printable(entry.reason())));
        return 0;
    }

    /**
     * Resends the records the table holds now (ids up to its highest), a page of ids at a time (never every id at
     * once: 8 bytes and more each, at 10^6 rows tens of MB), each once: a row deleted meanwhile is not resent (one
     * deleted between its page's read and its turn: not found), a row added meanwhile (a higher id) is left for the
     * next resend, and counted at the end: the count line says how many were left so, and the exit code is then 1
     * (not every record of the quarantine was removed).
     */
    private static int resendAll(QuarantinedRecords records, PrintStream out) throws SQLException {
        long lastId = records.count().lastId();
        int[] counts = new int[QuarantinedRecords.Outcome.values().length];
        List<Long> page = records.ids(null, lastId);
        while (!page.isEmpty()) {
            resend(records, page, counts, out);
            page = records.ids(page.get(page.size() - 1), lastId);
        }
        return summary(counts, records.countAfter(lastId), out);
    }

    private static int resend(QuarantinedRecords records, List<Long> ids, PrintStream out) throws SQLException {
        int[] counts = new int[QuarantinedRecords.Outcome.values().length];
        resend(records, ids, counts, out);
        return summary(counts, 0, out);
    }

    private static void resend(QuarantinedRecords records, List<Long> ids, int[] counts, PrintStream out)
            throws SQLException {
        for (long id : ids) {
            QuarantinedRecords.Resent resent = records.resend(id);
            counts[resent.outcome().ordinal()]++;
            out.println(switch (resent.outcome()) {
                case STORED -> "record " + id + " (" + resent.place() + "): stored, removed from the quarantine";
                case DUPLICATE -> "record " + id + " (" + resent.place() + "): already stored, removed from the"
                        + " quarantine";
                case KEPT -> "record " + id + " (" + resent.place() + "): not stored (" + resent.reason()
                        + "), kept in the quarantine";
                case GONE -> "record " + id + ": not in the quarantine";
            });
        }
    }

    /**
     * The count line, of every record tried, and of the {@code left} records quarantined meanwhile (a resend of all);
     * the exit code: 0 when each was removed and none left.
     */
    private static int summary(int[] counts, long left, PrintStream out) {
        out.println((counts[0] + counts[1] + counts[2] + counts[3]) + " record(s) resent: " + counts[0] + " stored, "
                + counts[1] + " already stored, " + counts[2] + " kept, " + counts[3] + " not found"
                + (left > 0 ? "; " + left + " quarantined meanwhile, left for the next resend" : ""));
        return counts[2] + counts[3] == 0 && left == 0 ? 0 : 1;
    }
}
