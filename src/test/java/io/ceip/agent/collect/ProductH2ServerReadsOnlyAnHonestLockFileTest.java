package io.ceip.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lock file of the product's H2 database lies in the product's directory: what it names is hostile input. Only
 * a server of this machine given as a literal and H2's hexadecimal key make a URL; anything else (settings smuggled
 * into the server or the key, a host elsewhere, a link, a fifo, a huge file) is "not being served", SQLSTATE 08X01,
 * and nothing is opened.
 */
class ProductH2ServerReadsOnlyAnHonestLockFileTest {

    private static final String ID = "18e1a2b3c4d5e6f708192a3b4c5d6e7f80";

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("acme") + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE;auto_reconnect=true";
    }

    @Test
    void theProductsServerIsReachedAsATcpClientWithTheUrlsOtherSettings() throws Exception {
        Files.writeString(dir.resolve("acme.lock.db"), "#FileLock\nserver=localhost\\:40123\nhostName=localhost\n"
                + "method=file\nid=" + ID + "\n");

        assertThat(ProductH2Server.applies(url())).isTrue();
        assertThat(ProductH2Server.served(url())).isEqualTo("jdbc:h2:tcp://localhost:40123/" + ID + ";IFEXISTS=TRUE");
        assertThat(ProductH2Server.applies("jdbc:h2:tcp://localhost/acme;AUTO_SERVER=TRUE")).isFalse();
        assertThat(ProductH2Server.applies("jdbc:h2:mem:acme;AUTO_SERVER=TRUE")).isFalse();
        assertThat(ProductH2Server.applies("jdbc:h2:file:" + dir.resolve("acme"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "method=file\nid=" + ID + "\n",
            "server=localhost\\:40123;INIT=RUNSCRIPT FROM 'http://x/a.sql'\nid=" + ID + "\n",
            "server=localhost\\:40123\nid=" + ID + ";INIT=RUNSCRIPT FROM 'http://x/a.sql'\n",
            "server=192.0.2.10\\:9092\nid=" + ID + "\n",
            "server=collector.example\\:9092\nid=" + ID + "\n",
            "server=localhost\\:40123\n",
            "\u0000\u0001garbage",
    })
    void aLockFileNamingNoServerOfThisMachineIsNotServed(String content) throws Exception {
        Files.writeString(dir.resolve("acme.lock.db"), content);

        assertNotServed();
    }

    @Test
    void noLockFileALinkAFifoOrAHugeFileIsNotServed() throws Exception {
        assertNotServed(); // the product is not running

        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "server=localhost\\:40123\nid=" + ID + "\n");
        Files.createSymbolicLink(dir.resolve("acme.lock.db"), elsewhere);
        assertNotServed();

        Files.delete(dir.resolve("acme.lock.db"));
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("acme.lock.db").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        assertNotServed();

        Files.delete(dir.resolve("acme.lock.db"));
        Files.write(dir.resolve("acme.lock.db"), new byte[100_000]);
        assertNotServed();
    }

    private void assertNotServed() {
        assertThatThrownBy(() -> ProductH2Server.served(url())).isInstanceOf(SQLException.class)
                .hasMessageStartingWith("the product's H2 database is not being served (")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08X01");
    }
}
