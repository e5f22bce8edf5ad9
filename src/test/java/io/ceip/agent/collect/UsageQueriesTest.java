package io.ceip.agent.collect;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageQueriesTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileLoadsAndQueriesAreChosenByConsent() {
        UsageQueries queries = UsageQueries.load(Path.of("config/usage-queries.yaml"));

        assertThat(queries.all()).extracting(UsageQuery::name).contains("hosts", "services", "ui-actions");
        assertThat(queries.allowedUnder(ConsentLevel.BASIC)).extracting(UsageQuery::name).doesNotContain("ui-actions");
        assertThat(queries.allowedUnder(ConsentLevel.FULL)).extracting(UsageQuery::name).contains("ui-actions");
        assertThat(queries.allowedUnder(ConsentLevel.OFF)).isEmpty();
        assertThat(queries.all()).filteredOn(q -> q.level() == ConsentLevel.BASIC).allMatch(q -> !q.grouped());
        assertThat(queries.all()).filteredOn(UsageQuery::grouped).extracting(UsageQuery::name)
                .containsExactly("ui-actions", "dashboards-per-owner");
        assertThat(queries.all()).filteredOn(q -> q.name().equals("ui-actions")).singleElement()
                .extracting(UsageQuery::keys).isEqualTo(List.of("custom-views", "dashboards", "reports"));
        assertThat(queries.all()).filteredOn(q -> q.name().equals("dashboards-per-owner")).singleElement()
                .extracting(UsageQuery::pseudonymised).isEqualTo(true);
    }

    @Test
    void keysAreAListOfDistinctKeysOrPseudonymisedAndForLevelFullOnly() throws Exception {
        UsageQueries queries = UsageQueries.load(write("queries:\n  - name: a\n    level: full\n"
                + "    keys: [dashboards, 'custom views', 7]\n    sql: SELECT f, COUNT(*) FROM e GROUP BY f\n"));
        assertThat(queries.all().get(0).keys()).containsExactly("dashboards", "custom views", "7");

        String grouped = "queries:\n  - name: a\n    level: %s\n    keys: %s\n    sql: SELECT f, COUNT(*) FROM e GROUP BY f\n";
        Path basic = write(grouped.formatted("basic", "[dashboards]"));
        assertThatThrownBy(() -> UsageQueries.load(basic))
                .hasMessage(basic + ": query 'a': keys are for level full (a basic query sends one number, usage.a)");
        Path basicPseudonyms = write(grouped.formatted("basic", "pseudonymised"));
        assertThatThrownBy(() -> UsageQueries.load(basicPseudonyms)).hasMessageContaining("query 'a': keys are for level full");
        for (String shape : List.of("[]", "dashboards", "{a: 1}", "yes", "7")) {
            Path file = write(grouped.formatted("full", shape));
            assertThatThrownBy(() -> UsageQueries.load(file)).as(shape).hasMessage(file
                    + ": query 'a': keys must be a list of the keys the query may return, or 'pseudonymised'");
        }
        for (String key : List.of("''", "' lead'", "'a;b'", "[x]", "1.5", "'" + "k".repeat(65) + "'", "null")) {
            Path file = write(grouped.formatted("full", "[ok, " + key + "]"));
            assertThatThrownBy(() -> UsageQueries.load(file)).as(key).hasMessageStartingWith(file + ": query 'a': key '")
                    .hasMessageContaining("must be 1 to 64 letters");
        }
        Path twice = write(grouped.formatted("full", "[a, b, a]"));
        assertThatThrownBy(() -> UsageQueries.load(twice)).hasMessage(twice + ": query 'a': key 'a' declared twice");
    }

    /** The text check is a convenience, not the boundary; still it must not be fooled by the usual tricks. */
    @Test
    void statementsHiddenInCommentsOrLiteralsLockingClausesAndFileWritesAreRefused() throws Exception {
        for (String sql : List.of(
                "SELECT COUNT(*) FROM host -- '\n; DELETE FROM host; -- '",
                "SELECT COUNT(*) FROM host /* ' */ ; DELETE FROM host /* ' */",
                "SELECT '\\' ; DELETE FROM host; -- '",
                "SELECT E'\\'' ; DELETE FROM host; -- '",
                "SELECT \"\\\" ; DELETE FROM host; -- \"",
                "SELECT COUNT(*) FROM host /*! ; DELETE FROM host */",
                "SELECT 1; COMMIT; SET TRANSACTION READ WRITE; DELETE FROM host",
                "/* comment */ DELETE FROM host",
                "WITH d AS (DELETE FROM host RETURNING 1) SELECT COUNT(*) FROM d")) {
            Path file = write("queries:\n  - name: q\n    sql: |\n      " + sql.replace("\n", "\n      ") + "\n");
            assertThatThrownBy(() -> UsageQueries.load(file)).as(sql)
                    .hasMessage(file + ": query 'q': sql must be a single SELECT statement");
        }
        for (String[] sqlAndClause : List.of(
                new String[] { "SELECT * FROM host FOR UPDATE", "FOR UPDATE" },
                new String[] { "SELECT * FROM host FOR  no key\n update", "FOR NO KEY UPDATE" },
                new String[] { "SELECT * FROM host for share", "FOR SHARE" },
                new String[] { "SELECT * FROM host LOCK IN SHARE MODE", "LOCK IN SHARE MODE" },
                new String[] { "SELECT COUNT(*) FROM host INTO OUTFILE '/tmp/x'", "INTO OUTFILE" },
                new String[] { "SELECT COUNT(*) FROM host INTO DUMPFILE '/tmp/x'", "INTO DUMPFILE" })) {
            Path file = write("queries:\n  - name: q\n    sql: \"" + sqlAndClause[0] + "\"\n");
            assertThatThrownBy(() -> UsageQueries.load(file)).as(sqlAndClause[0])
                    .hasMessage(file + ": query 'q': sql must not lock rows or write files ('" + sqlAndClause[1] + "')");
        }
        UsageQueries fine = UsageQueries.load(write("queries:\n  - name: q\n    sql: \"SELECT COUNT(*) FROM host"
                + " WHERE name <> 'a;b' AND note <> 'for update' -- counts; nothing else\\n\"\n"));
        assertThat(fine.all()).hasSize(1);
    }

    /**
     * Review s23 F3: MariaDB runs what follows a versioned executable comment's number at once ({@code /*!50000INTO
     * OUTFILE …*}{@code /}, tried on the embedded MariaDB: refused only for want of the FILE right; {@code
     * /*!50000FOR UPDATE*}{@code /} only by the read-only transaction): the number took the clause's first word for
     * part of itself and the check did not see it.
     */
    @Test
    void aClauseRightAfterAnExecutableCommentsVersionIsSeen() throws Exception {
        for (String[] sqlAndClause : List.of(
                new String[] { "SELECT COUNT(*) FROM host /*!50000FOR UPDATE*/", "FOR UPDATE" },
                new String[] { "SELECT COUNT(*) FROM host /*M!100500LOCK IN SHARE MODE*/", "LOCK IN SHARE MODE" },
                new String[] { "SELECT 1 /*!50000INTO OUTFILE '/tmp/x'*/", "INTO OUTFILE" })) {
            Path file = write("queries:\n  - name: q\n    sql: \"" + sqlAndClause[0] + "\"\n");
            assertThatThrownBy(() -> UsageQueries.load(file)).as(sqlAndClause[0])
                    .hasMessage(file + ": query 'q': sql must not lock rows or write files ('" + sqlAndClause[1] + "')");
        }
    }

    /**
     * Review s23 F4: camel-jdbc binds {@code :?name} to the exchange's header {@code name} (the form the agent itself
     * writes {@code :since} in), so {@code :?fireTime} or any other header passed the check that only :since and
     * :until are bound.
     */
    @Test
    void aParameterInCamelsOwnFormIsCheckedToo() throws Exception {
        Path file = write("queries:\n  - name: q\n    sql: SELECT COUNT(*) FROM host WHERE created < :?fireTime\n");

        assertThatThrownBy(() -> UsageQueries.load(file)).hasMessage(file
                + ": query 'q': unknown parameter ':fireTime' (only :since and :until are bound)");
        assertThat(UsageQueries.load(write("queries:\n  - name: q\n    level: full\n"
                + "    sql: SELECT COUNT(*) FROM ui_event WHERE occurred_at >= :?since\n")).all()).hasSize(1);
    }

    @Test
    void aQueryThatIsNotASelectIsRefusedByName() throws Exception {
        Path file = write("queries:\n  - name: wipe\n    sql: DELETE FROM host\n");

        assertThatThrownBy(() -> UsageQueries.load(file))
                .hasMessage(file + ": query 'wipe': sql must be a single SELECT statement");
    }

    @Test
    void unknownKeysBadNamesBadLevelsAndDuplicatesAreRefused() throws Exception {
        assertThatThrownBy(() -> UsageQueries.load(write("queries:\n  - name: a\n    sql: SELECT 1\n    timeout: 3\n")))
                .hasMessageContaining("query #1: unknown key 'timeout'");
        assertThatThrownBy(() -> UsageQueries.load(write("queries:\n  - name: 'a b'\n    sql: SELECT 1\n")))
                .hasMessageContaining("name 'a b'");
        assertThatThrownBy(() -> UsageQueries.load(write("queries:\n  - name: a\n    level: most\n    sql: SELECT 1\n")))
                .hasMessageContaining("query 'a': unknown consent level 'most'");
        assertThatThrownBy(() -> UsageQueries.load(write(
                "queries:\n  - name: a\n    sql: SELECT 1\n  - name: a\n    sql: SELECT 2\n")))
                .hasMessageContaining("query 'a': declared twice");
        assertThatThrownBy(() -> UsageQueries.load(write("hosts: SELECT 1\n")))
                .hasMessageContaining("expected a top-level 'queries:' list");
        // review s23 F6: a second section beside queries: (a misspelt one, say) was left unread without a word
        Path beside = write("queries:\n  - name: a\n    sql: SELECT 1\nquerys:\n  - name: b\n    sql: SELECT 2\n");
        assertThatThrownBy(() -> UsageQueries.load(beside))
                .hasMessage(beside + ": unknown top-level key 'querys' (expected queries)");
    }

    @Test
    void aKeyColumnNotBoundedOnTheServerIsSaidOnceAtLoad() throws Exception {
        Path file = write("queries:\n  - name: bounded\n    level: full\n    keys: [a]\n"
                + "    sql: select substring(f, 1, 65), COUNT(*) FROM e GROUP BY f\n"
                + "  - name: unbounded\n    level: full\n    keys: [a]\n"
                + "    sql: SELECT f, COUNT(*) FROM e WHERE g <> 'SUBSTRING(' GROUP BY f -- LEFT(f, 9)\n"
                + "  - name: owners\n    level: full\n    keys: pseudonymised\n"
                + "    sql: SELECT login, COUNT(*) FROM e GROUP BY login\n"
                + "  - name: one-number\n    sql: SELECT COUNT(*) FROM e\n");

        try (LogCapture log = LogCapture.attach()) {
            assertThat(UsageQueries.load(file).all()).hasSize(4);

            assertThat(log.shown().lines().filter(line -> line.contains("no SUBSTRING"))).containsExactly(
                    "io.ceip.agent.collect.UsageQueries " + file + ": query 'unbounded': no SUBSTRING(column, 1, 65) around its key column: the"
                            + " agent reads each key whole before its rules apply, so one huge value there would fill"
                            + " its memory (docs/database.md)",
                    "io.ceip.agent.collect.UsageQueries " + file + ": query 'owners': no SUBSTRING(column, 1, 257) around its key column: the"
                            + " agent reads each key whole before its rules apply, so one huge value there would fill"
                            + " its memory (docs/database.md)");
        }
    }

    private Path write(String content) throws Exception {
        Path file = Files.createTempFile(dir, "queries", ".yaml");
        Files.writeString(file, content);
        return file;
    }
}
