package io.ceip.agent.collect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseInfoCollectorTest {

    @Test
    void vendorsAndVersionsAreNormalised() {
        assertThat(DatabaseInfoCollector.normaliseVendor("H2", "2.3.232 (2024-08-11)")).isEqualTo("h2");
        assertThat(DatabaseInfoCollector.normaliseVersion("2.3.232 (2024-08-11)")).isEqualTo("2.3.232");
        assertThat(DatabaseInfoCollector.normaliseVendor("PostgreSQL", "16.4 (Debian 16.4-1)")).isEqualTo("postgresql");
        assertThat(DatabaseInfoCollector.normaliseVersion("16.4 (Debian 16.4-1)")).isEqualTo("16.4");
        assertThat(DatabaseInfoCollector.normaliseVendor("MySQL", "11.4.2-MariaDB-log")).isEqualTo("mariadb");
        assertThat(DatabaseInfoCollector.normaliseVersion("11.4.2-MariaDB-log")).isEqualTo("11.4.2");
        assertThat(DatabaseInfoCollector.normaliseVendor("Microsoft SQL Server", "16.00.1000")).isEqualTo("microsoftsqlserver");
        assertThat(DatabaseInfoCollector.normaliseVersion(null)).isEqualTo("unknown");
    }
}
