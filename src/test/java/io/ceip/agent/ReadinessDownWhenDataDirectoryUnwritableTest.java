package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ManagementServer;
import io.ceip.agent.support.ManagementServer.Answer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory that cannot be written (a path under a regular file: impossible even for root, who may write
 * anywhere permissions allow) makes readiness DOWN over HTTP, naming the setting and why; liveness stays UP; JMX
 * says the same.
 */
class ReadinessDownWhenDataDirectoryUnwritableTest extends AgentTestSupport {

    private ManagementServer management;
    private Path dataDirectory;

    @Override
    protected Properties overrides() {
        try {
            Path file = Files.writeString(newTempDirectory().resolve("a-file"), "not a directory");
            dataDirectory = file.resolve("data");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        management = new ManagementServer(FreePort.next());
        Properties properties = management.settings(false);
        properties.setProperty("ceip.data.directory", dataDirectory.toString());
        properties.setProperty("ceip.dead-letter.directory", dataDirectory.resolve("dead-letter").toString());
        return properties;
    }

    @Test
    void readinessIsDownNamingTheDataDirectory() {
        Answer ready = management.get("/observe/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(parse(ready.body()).get("status").asText()).isEqualTo("DOWN");
        String message = ReadinessFollowsDeliveryCyclesTest.check(ready, "data-directory").get("message").asText();
        assertThat(message).isEqualTo("the data directory (ceip.data.directory) is not writable: a parent of it is"
                + " not a directory");
        assertThat(management.get("/observe/health/live").status()).isEqualTo(200);
        assertThat(context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class).getHealth())
                .contains("data-directory DOWN: " + message);
    }
}
