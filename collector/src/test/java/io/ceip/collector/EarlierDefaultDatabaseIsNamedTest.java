package io.ceip.collector;

import io.ceip.collector.files.EmbeddedDatabase;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The embedded database's default place now follows {@code collector.data-dir}; before, it was {@code ./data/db} of
 * the working directory whatever the data directory. An upgraded node with a data directory of its own would have
 * started on a new, empty database beside its reports without a word (review s21 fixes M2): its start stops with one
 * line naming both places and what to do. Once the database is where the URL says, or nothing was there, it starts.
 */
class EarlierDefaultDatabaseIsNamedTest {

    @TempDir
    Path dir;

    @Test
    void anEarlierDatabaseAtTheOldDefaultPlaceStopsTheStartUntilMoved() throws Exception {
        Path earlier = Files.createDirectories(dir.resolve("data/db")).resolve("collector.mv.db");
        Path base = dir.resolve("var/lib/ceip-collector/db/collector");
        assertThatCode(() -> EmbeddedDatabase.requireNoEarlierDefault(base, dir)).as("nothing there: a first start")
                .doesNotThrowAnyException();
        Files.writeString(earlier, "reports");

        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedDatabase.requireNoEarlierDefault(base, dir))
                .withMessage("collector.store.jdbc-url: the embedded database is now in collector.data-dir (" + base
                        + ".mv.db, none yet), and an earlier collector's reports are in " + earlier + ": stop the"
                        + " collector and move that file there (with its .trace.db if any), or set"
                        + " collector.store.jdbc-url=jdbc:h2:file:" + dir.resolve("data/db/collector")
                        + ";DB_CLOSE_ON_EXIT=FALSE");

        assertThatCode(() -> EmbeddedDatabase.requireNoEarlierDefault(dir.resolve("data/db/collector"), dir))
                .as("the same place (data-dir data, the default)").doesNotThrowAnyException();
        Files.createDirectories(base.getParent());
        Files.move(earlier, Path.of(base + ".mv.db"));
        assertThatCode(() -> EmbeddedDatabase.requireNoEarlierDefault(base, dir)).as("moved")
                .doesNotThrowAnyException();
    }
}
