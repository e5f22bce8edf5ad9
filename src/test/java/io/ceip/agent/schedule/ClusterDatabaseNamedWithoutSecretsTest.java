package io.ceip.agent.schedule;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster database as the outage lines, the "Cluster mode" INFO line, the start's failure line and Quartz's
 * {@code org.quartz.jobStore.clusterDatabase} name it ({@code describe()} and {@code toString()}): only a URL of the
 * strict form {@code jdbc:<sub>://host[:port][/db]} (up to its parameters) is shown, anything else as its prefix
 * (review s20 cluster H2: the former blacklist showed Connector/J's key-value hosts and user information whose
 * password holds '@' or '/' whole). Every URL below holds the password "s3cret".
 */
class ClusterDatabaseNamedWithoutSecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:mysql://(host=db.example,port=3306,user=ceip,password=s3cret)/ceip       | jdbc:mysql:…",
            "jdbc:mysql://address=(host=db.example)(port=3306)(user=ceip)(password=s3cret)/ceip | jdbc:mysql:…",
            "jdbc:mysql://ceip:pa@s3cret@db.example:3306/ceip                              | jdbc:mysql:…",
            "jdbc:mariadb://ceip:s3cret/x@db.example:3306/ceip                             | jdbc:mariadb:…",
            "jdbc:postgresql://ceip:s3cret@db.example/ceip                                 | jdbc:postgresql:…",
            "jdbc:postgresql://db.example/ceip?user=ceip&password=s3cret                   | jdbc:postgresql://db.example/ceip",
            "jdbc:mariadb://db.example:3306/ceip;password=s3cret                           | jdbc:mariadb://db.example:3306/ceip",
    })
    void theNamedUrlNeverHoldsThePassword(String url, String named) {
        ClusterDatabase database = new ClusterDatabase(null, url, Duration.ofSeconds(1));

        assertThat(database.describe()).isEqualTo(named).doesNotContain("s3cret");
        assertThat(database.toString()).isEqualTo(named);
    }
}
