package io.ceip.agent.util;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The log line of a product database URL naming an H2 file the way H2 refuses says what to change, from the real
 * driver's SQLSTATE: a path implicitly relative to the working directory ({@code jdbc:h2:file:acme}, which a vendor
 * trying the agent wrote: the line said only {@code SQLSTATE 90011}) and no file at the path.
 */
class DatabaseAdviceNamesTheCureOfAnH2PathTest {

    @TempDir
    Path dir;

    @Test
    void anImplicitlyRelativePathIsNamedWithItsCure() {
        SQLException refused = refusal("jdbc:h2:file:acme-widgets-relative;IFEXISTS=TRUE");

        assertThat(DatabaseAdvice.sqlState(refused)).isEqualTo(" SQLSTATE 90011");
        assertThat(DatabaseAdvice.advice(refused)).isEqualTo(": ceip.database.url names an H2 file by a relative"
                + " path, which H2 refuses: give it as an absolute path (jdbc:h2:file:/srv/acme/acme), or ./ before"
                + " a path from the agent's working directory");
        assertThat(Files.exists(Path.of("acme-widgets-relative.mv.db"))).isFalse();
    }

    @Test
    void aMissingFileIsNamedWithItsCure() {
        SQLException refused = refusal("jdbc:h2:file:" + dir.resolve("acme") + ";IFEXISTS=TRUE");

        assertThat(DatabaseAdvice.advice(refused))
                .isEqualTo(": no H2 database at the path ceip.database.url names (the agent never creates one): check"
                        + " the path");
    }

    private static SQLException refusal(String url) {
        return catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "sa", "").close());
    }
}
