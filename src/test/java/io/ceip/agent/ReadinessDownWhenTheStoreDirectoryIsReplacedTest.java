package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter store in the data directory (the default, {@code data/dead-letter}) replaced by a file after the
 * start: readiness said UP until the next report could not be stored, since the directory's own check ran only for a
 * store set outside the data directory. Now it is DOWN at once, naming the setting; UP again once the directory is back.
 */
class ReadinessDownWhenTheStoreDirectoryIsReplacedTest extends AgentTestSupport {

    @Test
    void readinessIsDownWhileTheStoreDirectoryIsAFile() throws Exception {
        Path store = dataDirectory().resolve("dead-letter");
        Files.createDirectories(store);
        assertThat(management().getHealth()).startsWith("readiness UP").contains("dead-letter-directory");

        Files.delete(store);
        Files.writeString(store, "not a directory");
        assertThat(management().getHealth()).startsWith("readiness DOWN").contains("dead-letter-directory DOWN: the"
                + " dead-letter store's directory (ceip.dead-letter.directory) is not writable: it is not a directory");

        Files.delete(store);
        Files.createDirectories(store);
        assertThat(management().getHealth()).startsWith("readiness UP");
    }
}
