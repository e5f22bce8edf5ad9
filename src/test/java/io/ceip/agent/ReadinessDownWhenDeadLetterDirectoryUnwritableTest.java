package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter store's directory set outside the data directory, under a path whose parent is a file: the store
 * can never be written there, so readiness is DOWN from the start, naming the setting (the agent started ready and
 * said nothing until its first report could not be stored).
 */
class ReadinessDownWhenDeadLetterDirectoryUnwritableTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        try {
            Path file = Files.writeString(newTempDirectory().resolve("a-file"), "not a directory");
            return with("ceip.dead-letter.directory", file.resolve("dead-letter").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readinessIsDownNamingTheSetting() {
        assertThat(management().getHealth()).startsWith("readiness DOWN").contains("dead-letter-directory DOWN: the"
                + " dead-letter store's directory (ceip.dead-letter.directory) is not writable: a parent of it is not"
                + " a directory");
    }
}
