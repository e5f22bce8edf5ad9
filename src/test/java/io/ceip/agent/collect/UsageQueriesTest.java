package io.ceip.agent.collect;

import io.ceip.agent.consent.ConsentLevel;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageQueriesTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileLoadsAndQueriesAreChosenByConsent() {
        UsageQueries queries = UsageQueries.load(Path.of("config/usage-queries.yaml"));

        assertThat(queries.all()).extracting(UsageQuery::name).contains("hosts", "services", "ui-actions");
        assertThat(queries.allowedUnder(ConsentLevel.BASIC)).extracting(UsageQuery::name).doesNotContain("ui-actions");
        assertThat(queries.allowedUnder(ConsentLevel.FULL)).extracting(UsageQuery::name).contains("ui-actions");
        assertThat(queries.allowedUnder(ConsentLevel.OFF)).isEmpty();
    }

    @Test
    void aQueryThatIsNotASelectIsRefusedByName() throws Exception {
        Path file = write("queries:\n  - name: wipe\n    sql: DELETE FROM host\n");

        assertThatThrownBy(() -> UsageQueries.load(file))
                .hasMessage(file + ": query 'wipe': sql must be a single SELECT statement");
    }

    @Test
    void unknownKeysBadNamesBadLevelsAndDuplicatesAreRefused() throws Exception {
        assertThatThrownBy(() -> UsageQueries.load(write("queries:\n  - name: a\n    sql: SELECT 1\n    timeout: 3\n")))
                .hasMessageContaining("query #1: unknown key 'timeout'");
        assertThatThrownBy(() -> UsageQueries.load(write("queries:\n  - name: 'a b'\n    sql: SELECT 1\n")))
                .hasMessageContaining("name 'a b'");
        assertThatThrownBy(() -> UsageQueries.load(write("queries:\n  - name: a\n    level: most\n    sql: SELECT 1\n")))
                .hasMessageContaining("query 'a': unknown consent level 'most'");
        assertThatThrownBy(() -> UsageQueries.load(write(
                "queries:\n  - name: a\n    sql: SELECT 1\n  - name: a\n    sql: SELECT 2\n")))
                .hasMessageContaining("query 'a': declared twice");
        assertThatThrownBy(() -> UsageQueries.load(write("hosts: SELECT 1\n")))
                .hasMessageContaining("expected a top-level 'queries:' list");
    }

    private Path write(String content) throws Exception {
        Path file = Files.createTempFile(dir, "queries", ".yaml");
        Files.writeString(file, content);
        return file;
    }
}
