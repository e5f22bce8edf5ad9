package io.ceip.agent;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ceip-agent send} is a subcommand; when the agent cannot start it exits 1 with one line naming why. */
class SendCommandFailsToStartTest {

    @AfterEach
    void clear() {
        System.clearProperty("ceip.config");
    }

    @Test
    void anAgentThatCannotStartExitsOneWithOneLine() {
        System.setProperty("ceip.config", "target/no-such-dir/application.properties");
        StringWriter err = new StringWriter();
        CommandLine commandLine = AgentCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        int code = commandLine.execute("send");

        assertThat(commandLine.getSubcommands()).containsKey("send");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ceip-agent: configuration file target/no-such-dir/application.properties"
                + " (from ceip.config or CEIP_CONFIG) does not exist" + System.lineSeparator());
    }
}
