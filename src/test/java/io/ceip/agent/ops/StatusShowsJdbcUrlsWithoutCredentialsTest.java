package io.ceip.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code status} names the product database by a URL that carries no credentials: no user info, no parameters. */
class StatusShowsJdbcUrlsWithoutCredentialsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db.example:5432/product?user=reader&password=s3cret | jdbc:postgresql://db.example:5432/product",
            "jdbc:mariadb://reader:s3cret@db.example/product                        | jdbc:mariadb://…@db.example/product",
            "jdbc:mysql://reader:p@ss:w0rd@db.example/product                       | jdbc:mysql://…@db.example/product",
            "jdbc:h2:file:/var/lib/product/db;USER=sa;PASSWORD=s3cret               | jdbc:h2:file:/var/lib/product/db",
            "jdbc:sqlserver://db.example:1433;databaseName=p;password=s3cret       | jdbc:sqlserver://db.example:1433",
            "jdbc:oracle:thin:reader/s3:cret@//db.example:1521/p                    | jdbc:oracle:…@//db.example:1521/p",
            "jdbc:oracle:thin:reader/s3cret@db.example:1521:p                       | jdbc:oracle:…@db.example:1521:p",
    })
    void credentialsAreLeftOut(String url, String shown) {
        assertThat(StatusReport.jdbcShown(url)).isEqualTo(shown);
    }
}
