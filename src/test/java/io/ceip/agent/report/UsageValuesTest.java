package io.ceip.agent.report;

import io.ceip.agent.collect.UsageQuery;
import io.ceip.agent.privacy.ConsentLevel;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed rule: numbers, declared keys or pseudonyms leave; anything else fails the query with its reason. */
class UsageValuesTest {

    private static final UsageQuery COUNT = new UsageQuery("hosts", "SELECT COUNT(*) FROM host", ConsentLevel.BASIC);
    private static final UsageQuery DECLARED = new UsageQuery("ui-actions", "SELECT f, COUNT(*) FROM e GROUP BY f",
            ConsentLevel.FULL, List.of("dashboards", "reports", "7"), false);
    private static final UsageQuery PSEUDONYMISED = new UsageQuery("per-owner", "SELECT o, COUNT(*) FROM d GROUP BY o",
            ConsentLevel.FULL, List.of(), true);

    @Test
    void oneWholeNumberOfAnyJdbcTypeIsACount() throws Exception {
        for (Object number : List.of(12L, 12, (short) 12, new BigDecimal("12"), new BigDecimal("12.000"), 12.0d,
                new java.math.BigInteger("12"))) {
            assertThat(UsageValues.of(COUNT, rows(row("n", number)), this::pseudonym)).isEqualTo(12L);
        }
    }

    @Test
    void textNullFractionsAndOtherShapesAreNotANumber() {
        for (List<Map<String, Object>> rows : List.of(rows(row("n", "hunter2")), rows(row("n", "12")),
                rows(row("n", null)), rows(row("n", new BigDecimal("2.5"))), rows(row("n", Double.NaN)),
                rows(row("n", true)), rows(), rows(row("a", 1, "b", 2, "c", 3)),
                rows(row("n", new BigDecimal("1e30"))))) {
            assertReason(COUNT, rows, FailureReason.NOT_A_NUMBER);
        }
        assertReason(DECLARED, rows(row("k", "dashboards", "n", "db07-prod")), FailureReason.NOT_A_NUMBER);
        assertReason(DECLARED, rows(row("k", "dashboards", "n", 3, "extra", "Initech")), FailureReason.NOT_A_NUMBER);
        assertReason(DECLARED, rows(row("n", 3)), FailureReason.NOT_A_NUMBER);
    }

    @Test
    void keyedRowsNeedDeclaredKeys() throws Exception {
        assertThat(UsageValues.of(DECLARED, rows(row("k", "dashboards", "n", 3L), row("k", "reports", "n", 4),
                row("k", "dashboards", "n", 1L), row("k", 7, "n", 2L)), this::pseudonym))
                .isEqualTo(Map.of("dashboards", 4L, "reports", 4L, "7", 2L));
        assertThat(UsageValues.of(DECLARED, rows(), this::pseudonym)).isEqualTo(Map.of());

        assertReason(COUNT, rows(row("k", "dashboards", "n", 3L)), FailureReason.UNDECLARED_KEY);
        assertReason(COUNT, rows(row("id", 1, "id2", 1), row("id", 2, "id2", 2)), FailureReason.UNDECLARED_KEY);
        assertReason(DECLARED, rows(row("k", "dashboards", "n", 3L), row("k", "Globex", "n", 1L)),
                FailureReason.UNDECLARED_KEY);
        assertReason(DECLARED, rows(row("k", "Dashboards", "n", 3L)), FailureReason.UNDECLARED_KEY);
        assertReason(DECLARED, rows(row("k", null, "n", 3L)), FailureReason.UNDECLARED_KEY);
        assertReason(DECLARED, rows(row("k", new byte[] { 1 }, "n", 3L)), FailureReason.UNDECLARED_KEY);
    }

    @Test
    void pseudonymisedKeysLeaveOnlyAsPseudonyms() throws Exception {
        Object value = UsageValues.of(PSEUDONYMISED, rows(row("o", "jdoe", "n", 2L), row("o", "hunter2", "n", 1L),
                row("o", "jdoe", "n", 1L)), this::pseudonym);

        assertThat(value).isEqualTo(Map.of("p:jdoe", 3L, "p:hunter2", 1L));
        assertReason(PSEUDONYMISED, rows(row("o", null, "n", 1L)), FailureReason.UNDECLARED_KEY);
        assertReason(PSEUDONYMISED, rows(row("o", "jdoe", "n", "many")), FailureReason.NOT_A_NUMBER);
    }

    @Test
    void theFailureNeverCarriesTheValue() {
        assertThatThrownBy(() -> UsageValues.of(COUNT, rows(row("n", "hunter2")), this::pseudonym))
                .isInstanceOf(UsageValues.UnusableValueException.class)
                .satisfies(e -> assertThat(e.getMessage() + e.getStackTrace().length).doesNotContain("hunter2"))
                .extracting(e -> ((UsageValues.UnusableValueException) e).errorName()).isEqualTo("NotANumber");
    }

    private String pseudonym(String key) {
        return "p:" + key;
    }

    private static void assertReason(UsageQuery query, List<Map<String, Object>> rows, String reason) {
        assertThatThrownBy(() -> UsageValues.of(query, rows, key -> "p:" + key)).as(rows.toString())
                .isInstanceOfSatisfying(UsageValues.UnusableValueException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @SafeVarargs
    private static List<Map<String, Object>> rows(Map<String, Object>... rows) {
        return Arrays.asList(rows);
    }

    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }
}
