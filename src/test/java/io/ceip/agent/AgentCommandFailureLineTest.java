package io.ceip.agent;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgentCommandFailureLineTest {

    @Test
    void aMissingFileOnlyEchoedByAWrapperIsNamedWithTheWorkingDirectory() {
        String line = AgentCommand.failure(new RuntimeCamelException(new NoSuchFileException("routes")));

        assertThat(line).isEqualTo("ceip-agent: routes does not exist (looked for in the working directory "
                + Path.of("").toAbsolutePath() + "; run from the installation's or the repository's root, or with"
                + " bin/ceip-agent)");
    }

    @Test
    void anAbsoluteMissingFileIsNamedAsItIs() {
        String line = AgentCommand.failure(new RuntimeCamelException(new NoSuchFileException("/srv/ceip/routes")));

        assertThat(line).isEqualTo("ceip-agent: /srv/ceip/routes does not exist");
    }

    @Test
    void aMessageOfOurOwnIsKeptEvenWhenItsCauseIsAMissingFile() {
        String line = AgentCommand.failure(new IllegalArgumentException(
                "ceip.collect.queries-file conf/q.yaml cannot be read", new NoSuchFileException("conf/q.yaml")));

        assertThat(line).isEqualTo("ceip-agent: ceip.collect.queries-file conf/q.yaml cannot be read");
    }

    @Test
    void anErrorWithoutAMessageIsNamedByItsClass() {
        assertThat(AgentCommand.failure(new IllegalStateException())).isEqualTo("ceip-agent: IllegalStateException");
    }
}
