package io.ceip.agent.collect;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database URL whose user information holds a password with '/' (review s20 cluster H2): neither the data source's
 * own {@code toString()} (a blacklist of {@code password=} before) nor the PostgreSQL driver, which printed such a URL
 * whole to standard error in a java.util.logging WARNING ("JDBC URL contains too many / characters"), shows it.
 */
class DriverManagerDataSourceShowsNoPasswordTest {

    private static final String URL = "jdbc:postgresql://admin:Url/Secret-7@127.0.0.1:1/cluster";

    @Test
    void itsNameHoldsNoPassword() {
        assertThat(new DriverManagerDataSource(URL, null, null, 1))
                .hasToString("DriverManagerDataSource[jdbc:postgresql:…]");
    }

    @Test
    void theDriverLogsNoUrlItCannotParse() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(URL, null, null, 1);
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage() + " " + List.of(
                        record.getParameters() == null ? new Object[0] : record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger driver = Logger.getLogger("org.postgresql");
        driver.addHandler(handler);
        try {
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
        } finally {
            driver.removeHandler(handler);
        }
        assertThat(logged).noneMatch(line -> line.contains("Secret-7"));
    }
}
