package io.ceip.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2's files under the data directory: their directory is made 0700 before H2 creates them (with the process's
 * umask, 022 here) and they are made 0600 right after; any other database is left alone.
 */
class EmbeddedDatabaseFilesTest {

    @TempDir
    Path dir;

    @Test
    void anEmbeddedH2DatabaseUnderTheDataDirectoryGetsAPrivateDirectoryAndPrivateFiles() throws Exception {
        Path data = dir.resolve("data");
        String url = "jdbc:h2:file:" + data.resolve("demo-product") + ";DB_CLOSE_DELAY=0";
        DataSource dataSource = EmbeddedDatabaseFiles.ownerOnly(new DriverManagerDataSource(url, "sa", "", 5), url,
                data);

        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("demo-product.mv.db"))).isEqualTo("rw-------");
    }

    @Test
    void onlyAnEmbeddedH2FileIsRecognised() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(EmbeddedDatabaseFiles.h2File("jdbc:h2:file:./data/demo-product;DB_CLOSE_DELAY=60"))
                .contains(cwd.resolve("data/demo-product"));
        assertThat(EmbeddedDatabaseFiles.h2File("jdbc:h2:/srv/db/product")).contains(Path.of("/srv/db/product"));
        for (String other : new String[] { "jdbc:h2:mem:product", "jdbc:h2:tcp://db:9092/product",
                "jdbc:h2:ssl://db/product", "jdbc:h2:~/product", "jdbc:postgresql://db/product", "jdbc:h2:" }) {
            assertThat(EmbeddedDatabaseFiles.h2File(other)).as(other).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aDatabaseOutsideTheDataDirectoryIsLeftAsItIs() {
        String url = "jdbc:h2:file:" + dir.resolve("product/db");
        DataSource dataSource = new DriverManagerDataSource(url, "sa", "", 5);

        assertThat(EmbeddedDatabaseFiles.ownerOnly(dataSource, url, dir.resolve("data"))).isSameAs(dataSource);
        assertThat(EmbeddedDatabaseFiles.ownerOnly(dataSource, "jdbc:h2:mem:x", dir)).isSameAs(dataSource);
    }

    @Test
    void readOnlyIsAddedUnlessTheUrlAsksForH2sMixedMode() {
        Path data = dir.resolve("data");
        assertThat(EmbeddedDatabaseFiles.readOnly("jdbc:h2:file:/srv/acme/acme", data))
                .isEqualTo("jdbc:h2:file:/srv/acme/acme;ACCESS_MODE_DATA=r");
        assertThat(EmbeddedDatabaseFiles.readOnly("jdbc:h2:file:/srv/acme/acme;AUTO_SERVER_PORT=9090", data))
                .endsWith(";ACCESS_MODE_DATA=r");
        assertThat(EmbeddedDatabaseFiles.readOnly("jdbc:h2:file:/srv/acme/acme;AUTO_SERVER=FALSE", data))
                .endsWith(";ACCESS_MODE_DATA=r");
        for (String mixed : new String[] { "jdbc:h2:file:/srv/acme/acme;AUTO_SERVER=TRUE",
                "jdbc:h2:/srv/acme/acme;auto_server=true;DB_CLOSE_DELAY=-1", "jdbc:h2:/srv/a;AUTO_SERVER = TRUE ;X=1" }) {
            assertThat(EmbeddedDatabaseFiles.readOnly(mixed, data)).as("H2 refuses read-only with it").isEqualTo(mixed);
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void onlyAnEmbeddedH2DatabaseThatExistsIsOpened(@TempDir Path dir) throws Exception {
        String missing = "jdbc:h2:file:" + dir.resolve("ledgr");
        assertThat(EmbeddedDatabaseFiles.existingOnly(missing)).isEqualTo(missing + ";IFEXISTS=TRUE");
        assertThat(EmbeddedDatabaseFiles.existingOnly("jdbc:h2:~/acme;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:~/acme;AUTO_SERVER=TRUE;IFEXISTS=TRUE");
        assertThat(EmbeddedDatabaseFiles.existingOnly("jdbc:h2:/srv/acme;ifExists = false"))
                .isEqualTo("jdbc:h2:/srv/acme;ifExists = false");
        for (String other : new String[] {"jdbc:h2:mem:demo", "jdbc:h2:tcp://localhost/acme", "jdbc:h2:ssl://h/a",
                "jdbc:postgresql://db/product"}) {
            assertThat(EmbeddedDatabaseFiles.existingOnly(other)).isEqualTo(other);
        }
        try (Connection ignored = java.sql.DriverManager.getConnection(EmbeddedDatabaseFiles.existingOnly(missing),
                "reader", "pw")) {
            org.assertj.core.api.Assertions.fail("an H2 database was made at " + missing);
        } catch (java.sql.SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("90146");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
