package io.ceip.collector;

import io.ceip.collector.files.EmbeddedDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database's default place now follows {@code collector.data-dir}; before, it was {@code ./data/db} of
 * the working directory whatever the data directory. An upgraded node with a data directory of its own would have
 * started on a new, empty database beside its reports without a word (review s21 fixes M2): its start says so in one
 * WARN line naming both places and what to do. Once the database is where the URL says, or nothing was there, none.
 */
class EarlierDefaultDatabaseIsNamedTest {

    @TempDir
    Path dir;

    @Test
    void anEarlierDatabaseAtTheOldDefaultPlaceIsNamedUntilMoved() throws Exception {
        Path earlier = Files.createDirectories(dir.resolve("data/db")).resolve("collector.mv.db");
        Path base = dir.resolve("var/lib/ceip-collector/db/collector");
        assertThat(EmbeddedDatabase.earlierDefault(base, dir)).as("nothing there: a first start").isEmpty();
        Files.writeString(earlier, "reports");

        assertThat(EmbeddedDatabase.earlierDefault(base, dir)).contains("collector.store.jdbc-url: the embedded"
                        + " database is now in collector.data-dir (" + base + ".mv.db, made empty now), and an earlier"
                        + " collector's reports are in " + earlier + ": to keep them, stop the"
                        + " collector and move that file there (with its .trace.db if any), or set"
                        + " collector.store.jdbc-url=jdbc:h2:file:" + dir.resolve("data/db/collector")
                        + ";DB_CLOSE_ON_EXIT=FALSE");

        assertThat(EmbeddedDatabase.earlierDefault(dir.resolve("data/db/collector"), dir))
                .as("the same place (data-dir data, the default)").isEmpty();
        Files.createDirectories(base.getParent());
        Files.move(earlier, Path.of(base + ".mv.db"));
        assertThat(EmbeddedDatabase.earlierDefault(base, dir)).as("moved").isEmpty();
    }

    /** A node running now from the old default place holds its file: a second node beside it is told of nothing. */
    @Test
    void aDatabaseARunningNodeHoldsIsNoEarlierCollectors() throws Exception {
        Path old = dir.resolve("data/db/collector");
        Path base = dir.resolve("second/db/collector");
        try (Connection running = DriverManager.getConnection("jdbc:h2:file:" + old, "sa", "");
                Statement statement = running.createStatement()) {
            statement.execute("CREATE TABLE ceip_report (report_id VARCHAR(36))");
            assertThat(EmbeddedDatabase.earlierDefault(base, dir)).as("held by a running node").isEmpty();
        }
        assertThat(EmbeddedDatabase.earlierDefault(base, dir)).as("once it stopped: an earlier collector's")
                .get().asString().contains("an earlier collector's reports are in " + old + ".mv.db");
    }
}
