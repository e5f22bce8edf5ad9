package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.LogLines;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock between reports and the upkeep is a lock of the JVM on H2 (no advisory locks there): an H2 database in
 * server mode, which another collector can store into, is named at the store's start in one WARN line that never
 * repeats the URL; an embedded file or memory database and PostgreSQL get none.
 */
class FleetLockWarnsOfH2InServerModeTest {

    @TempDir
    Path dir;

    @Test
    void h2InServerModeIsNamedOthersAreNot() {
        for (String url : new String[] {"jdbc:h2:tcp://127.0.0.1:9092/~/ceip", "jdbc:h2:ssl://127.0.0.1/ceip",
            "JDBC:H2:TCP://127.0.0.1/ceip", "jdbc:h2:file:./data/db/collector;AUTO_SERVER=TRUE",
            "jdbc:h2:file:/srv/ceip;MODE=Regular;auto_server=true;AUTO_SERVER_PORT=9090"}) {
            assertThat(FleetLock.acrossProcesses(url)).as(url).startsWith("Store: collector.store.jdbc-url is an H2"
                    + " database in server mode").contains("one collector only, or use PostgreSQL")
                    .contains("collector.store.quarantine-max-records"); // its bound is this JVM's lock's too
        }
        for (String url : new String[] {"jdbc:h2:file:./data/db/collector", "jdbc:h2:mem:x",
            "jdbc:h2:file:/srv/ceip;AUTO_SERVER=FALSE", "jdbc:postgresql://127.0.0.1:5432/ceip",
            "jdbc:postgresql://h/ceip?options=AUTO_SERVER=TRUE"}) {
            assertThat(FleetLock.acrossProcesses(url)).as(url).isNull();
        }
    }

    /**
     * H2 reads AUTO_SERVER as any of its booleans: {@code 1}, {@code yes}, {@code y}, {@code t} serve the file to
     * other processes as {@code TRUE} does (h2 2.3.232: each writes {@code server=host:port} in its .lock.db); only
     * {@code true} was named before.
     */
    @Test
    void everyWayH2SaysTrueIsNamed() {
        for (String value : new String[] {"1", "yes", "YES", "y", "t", "True"}) {
            String url = "jdbc:h2:file:./data/db/collector;AUTO_SERVER=" + value;
            assertThat(FleetLock.acrossProcesses(url)).as(url).startsWith("Store: collector.store.jdbc-url is an H2"
                    + " database in server mode");
        }
        for (String value : new String[] {"0", "no", "n", "f", "off", "false"}) {
            String url = "jdbc:h2:file:./data/db/collector;AUTO_SERVER=" + value + ";AUTO_SERVER_PORT=9090";
            assertThat(FleetLock.acrossProcesses(url)).as(url).isNull();
        }
    }

    @Test
    void theLineNeverRepeatsTheUrlAndItsPassword() {
        assertThat(FleetLock.acrossProcesses("jdbc:h2:tcp://db.example/ceip;USER=sa;PASSWORD=s3cret-pw"))
                .doesNotContain("s3cret-pw", "db.example", "\n");
    }

    @Test
    void theStoresStartLogsItOnceForAServerAndNothingForAnEmbeddedFile() {
        try (LogLines log = LogLines.capture()) {
            new ReportStore("jdbc:h2:tcp://127.0.0.1:1/ceip", "ceip", "", 2_000, 200).close();
            new ReportStore("jdbc:h2:file:" + dir.resolve("db"), "ceip", "", 2_000, 200).close();
            assertThat(log.lines()).filteredOn(line -> line.contains("FleetLock"))
                    .containsExactly("WARN io.ceip.collector.store.FleetLock - "
                            + FleetLock.acrossProcesses("jdbc:h2:tcp://127.0.0.1:1/ceip"));
        }
    }
}
