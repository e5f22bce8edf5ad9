package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ceip.collector.support.TestCollector;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot be used and a key store its password does not open stop the start with one line naming the
 * setting, never the URL (it may carry a password); before, stack traces (review s21 collector M1).
 */
class CollectorRefusesAnUnusableDatabaseOrKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void aJdbcUrlNoDriverTakesIsOneLineWithoutTheUrl() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(Map.of("collector.store.jdbc-url", "jdbc:nosuch:x;password=secret-0123")))
                .withMessage("collector.store.jdbc-url: the reports database cannot be used: No suitable driver found"
                        + " for the URL (SQL state 08001)");
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsOneLineNamingTheSetting() throws Exception {
        int closed = TestCollector.freePort();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(Map.of("collector.store.jdbc-url", "jdbc:postgresql://127.0.0.1:" + closed
                        + "/ceip", "collector.store.password", "pw-0123456789")))
                .withMessageStartingWith("collector.store.jdbc-url: the reports database cannot be used: ")
                .withMessageContaining("SQL state 08001").withMessageNotContaining("\n")
                .withMessageNotContaining("pw-0123456789");
    }

    @Test
    void aKeyStorePasswordChangedAfterTheFirstStartIsOneLine() throws Exception {
        create(Map.of()).close();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(Map.of("collector.tls.key-store-password", "changed-password")))
                .withMessage("collector.tls.key-store-password: does not open " + dir.resolve("data/tls/collector.p12")
                        + " (the key store made on an earlier start, with another password, or damaged): give the"
                        + " password it was made with, or move the key store and collector.pem away to make a new"
                        + " certificate");
    }

    private Collector create(Map<String, String> given) throws Exception {
        Map<String, String> settings = new HashMap<>(given);
        settings.put("collector.data-dir", dir.resolve("data").toString());
        settings.put("collector.port", Integer.toString(TestCollector.freePort()));
        settings.put("collector.host", "127.0.0.1");
        return Collector.create(settings);
    }
}
