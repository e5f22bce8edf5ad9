package io.ceip.agent.report;

import io.ceip.agent.collect.UsageQuery;
import io.ceip.agent.privacy.ConsentLevel;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review s18 F5: the counts of a key returned twice (an ungrouped query, a UNION ALL, a hostile view) are added up
 * exactly; a sum beyond a long fails the query (not-a-number) instead of wrapping to a negative count, and a
 * negative count is refused the same way.
 */
class UsageValuesCountsOfARepeatedKeyDoNotWrapTest {

    private static final UsageQuery DECLARED = new UsageQuery("ui-actions", "SELECT feature, n FROM t",
            ConsentLevel.FULL, List.of("dashboards", "reports"), false);
    private static final UsageQuery PSEUDONYMISED = new UsageQuery("per-owner", "SELECT o, n FROM t",
            ConsentLevel.FULL, List.of(), true);
    private static final UsageQuery COUNT = new UsageQuery("hosts", "SELECT COUNT(*) FROM host", ConsentLevel.BASIC);

    @Test
    void aSumBeyondALongFailsTheQueryInsteadOfWrapping() {
        assertNotANumber(DECLARED, List.of(row("dashboards", Long.MAX_VALUE), row("dashboards", 1L)));
        assertNotANumber(PSEUDONYMISED, List.of(row("jdoe", Long.MAX_VALUE - 1), row("jdoe", 2)));
        assertNotANumber(DECLARED, List.of(row("reports", new BigDecimal(Long.MAX_VALUE)), row("reports", 3L)));
    }

    @Test
    void aSumUpToTheLargestLongIsKept() throws Exception {
        assertThat(UsageValues.of(DECLARED, List.of(row("dashboards", Long.MAX_VALUE - 1), row("dashboards", 1L),
                row("reports", 0L)), key -> key)).isEqualTo(Map.of("dashboards", Long.MAX_VALUE, "reports", 0L));
    }

    @Test
    void aNegativeCountIsNotANumber() {
        assertNotANumber(DECLARED, List.of(row("dashboards", 5L), row("dashboards", -3L)));
        assertNotANumber(PSEUDONYMISED, List.of(row("jdoe", -1)));
        Map<String, Object> single = new LinkedHashMap<>();
        single.put("n", -5L);
        assertNotANumber(COUNT, List.of(single));
    }

    @Test
    void aNegativeNumberIsStillAKey() throws Exception {
        UsageQuery numbered = new UsageQuery("by-level", "SELECT level, n FROM t", ConsentLevel.FULL,
                List.of("-1"), false);
        assertThat(UsageValues.of(numbered, List.of(row(-1, 4L)), key -> key)).isEqualTo(Map.of("-1", 4L));
    }

    private static void assertNotANumber(UsageQuery query, List<Map<String, Object>> rows) {
        assertThatThrownBy(() -> UsageValues.of(query, rows, key -> "p:" + key)).as(rows.toString())
                .isInstanceOfSatisfying(UsageValues.UnusableValueException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.NOT_A_NUMBER));
    }

    private static Map<String, Object> row(Object key, Object count) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("feature", key);
        row.put("n", count);
        return row;
    }
}
