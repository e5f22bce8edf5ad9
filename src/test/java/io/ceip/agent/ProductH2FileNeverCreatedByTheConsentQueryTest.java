package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's consent query on an H2 URL whose file is not there (a typo) creates no database either, and its one
 * line says what to fix rather than only that the setting could not be read; nothing is sent.
 */
class ProductH2FileNeverCreatedByTheConsentQueryTest extends AgentTestSupport {

    /** Attached before the agent starts: its first consent decision, at start, is the one that says it. */
    private static LogCapture log;

    @BeforeAll
    static void captureFromTheStart() {
        log = LogCapture.attach();
    }

    @AfterAll
    static void release() {
        log.close();
    }

    // made on first use: the properties are asked for from the constructor, before field initialisers
    private Path folder;

    private Path folder() {
        if (folder == null) {
            folder = newTempDirectory();
        }
        return folder;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.database.url", "jdbc:h2:file:" + folder().resolve("ledgr"),
                "ceip.database.user", "ceip_reader", "ceip.database.password", "Reader-Pw-0451",
                "ceip.consent.query", "SELECT setting_value FROM app_setting WHERE name = 'send_statistics'");
    }

    @Test
    void theConsentLineNamesTheMissingFile() throws Exception {
        runReportCycle();

        try (Stream<Path> files = Files.list(folder())) {
            assertThat(files).isEmpty();
        }
        assertThat(server().received()).isEmpty();
        assertThat(log.all()).contains("The product's consent setting (ceip.consent.query) could not be read"
                + " (JdbcSQLNonTransientConnectionException SQLSTATE 90146: no H2 database at the path"
                + " ceip.database.url names (the agent never creates one): check the path)")
                .doesNotContain("Reader-Pw-0451");
    }
}
