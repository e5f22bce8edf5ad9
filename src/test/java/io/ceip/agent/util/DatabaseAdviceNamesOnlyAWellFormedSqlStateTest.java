package io.ceip.agent.util;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLSTATE is the driver's reading of the database server's answer: a hostile or broken server put a line break and
 * a forged log line in it, which the collection's and the consent setting's lines wrote as they were (review s31). Only
 * five digits or capital letters are named; anything else is left out, and no advice is read from it.
 */
class DatabaseAdviceNamesOnlyAWellFormedSqlStateTest {

    @ParameterizedTest
    @ValueSource(strings = { "42P01\n12:00:00.000 INFO  DeliverySteps - Report delivered", "08001\r", "9002\u202e0",
            "HY\u0000T0", "4", "42P01X", "42p01", "" })
    void aStateThatIsNotOneIsLeftOut(String hostile) {
        SQLException error = new SQLException("refused", hostile);

        assertThat(DatabaseAdvice.state(new RuntimeException(error))).isNull();
        assertThat(DatabaseAdvice.sqlState(error)).isEmpty();
        assertThat(DatabaseAdvice.advice(error)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "42P01", "08001", "90020", "HYT00", "28000" })
    void aWellFormedStateIsNamed(String state) {
        assertThat(DatabaseAdvice.sqlState(new RuntimeException(new SQLException("refused", state))))
                .isEqualTo(" SQLSTATE " + state);
    }
}
