package io.ceip.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code status} (the product database), the cluster's log lines and its start failure (the cluster database) name a
 * database by as much of its URL as surely carries no credential: drivers put them in user info (whose password may
 * hold {@code @} or {@code /}), parameters, DB2's and Informix's {@code :password=}, Teradata's path, MySQL's
 * {@code (password=..)} and {@code address=(..)}, Oracle's {@code user/password@}; none of them is shown, whatever
 * the form (review s20 cluster H2: the cluster's blacklist showed four of these forms whole).
 */
class JdbcUrlsShownWithoutCredentialsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db.example:5432/product?user=reader&password=S3cret | jdbc:postgresql://db.example:5432/product",
            "jdbc:mariadb://reader:S3cret@db.example/product                        | jdbc:mariadb:…",
            "jdbc:mysql://reader:p@ss:w0rd@db.example/product                       | jdbc:mysql:…",
            "jdbc:mysql://root:pa?ss@h/db                                           | jdbc:mysql:…",
            "jdbc:mysql://root:pa;ss@h/db                                           | jdbc:mysql:…",
            "jdbc:mysql://address=(host=h)(port=3306)(user=root)(password=S3cret)/db | jdbc:mysql:…",
            "jdbc:mysql://(host=h,port=3306,user=root,password=S3cret)/db           | jdbc:mysql:…",
            "jdbc:h2:file:/var/lib/product/db;USER=sa;PASSWORD=S3cret               | jdbc:h2:file:/var/lib/product/db",
            "jdbc:h2:mem:demo                                                       | jdbc:h2:mem:demo",
            "jdbc:sqlserver://db.example:1433;databaseName=p;password=S3cret       | jdbc:sqlserver://db.example:1433",
            "jdbc:db2://db:50000/SAMPLE:password=S3cret;user=db2inst1;              | jdbc:db2://db:50000/SAMPLE",
            "jdbc:informix-sqli://h:9088/db:PASSWORD=S3cret;user=x                  | jdbc:informix-sqli://h:9088/db",
            "jdbc:teradata://tdhost/USER=dbc,PASSWORD=S3cret                        | jdbc:teradata:…",
            "jdbc:oracle:thin:reader/s3:cret@//db.example:1521/p                    | jdbc:oracle:…",
            "jdbc:oracle:thin:scott/\"p;ss\"@h:1521:sid                              | jdbc:oracle:…",
            "jdbc:oracle:oci:scott/S3cret                                           | jdbc:oracle:…",
            "jdbc:mysql://ceip:pa@S3cret@db.example:3306/ceip                       | jdbc:mysql:…",
            "jdbc:mariadb://ceip:S3cret/x@db.example:3306/ceip                      | jdbc:mariadb:…",
            "jdbc:postgresql://admin:Url/S3cret-9@127.0.0.1:5432/cluster            | jdbc:postgresql:…",
            "jdbc:postgresql://h1:5432,h2:5432/db?password=S3cret                   | jdbc:postgresql:…",
            "jdbc:postgresql://db.example/ceip?user=ceip&password=S3cret            | jdbc:postgresql://db.example/ceip",
            "jdbc:mariadb://db.example:3306/ceip&password=S3cret                    | jdbc:mariadb:…",
            "not-jdbc                                                               | (not a jdbc: URL)",
    })
    void noCredentialIsShown(String url, String shown) {
        assertThat(JdbcUrls.shown(url)).isEqualTo(shown).doesNotContain("S3cret").doesNotContain("p@ss")
                .doesNotContain("reader").doesNotContain("pa");
    }
}
