package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s20 M3: an answer that echoes the endpoint token without a "Bearer " in front (a gateway's error page, a
 * hostile or buggy collector) put it in the WARN line and in the dead letter's metadata ({@code response}): the
 * generic detectors do not know the agent's own secrets. Now they are replaced first, as written.
 */
class CollectorAnswerEchoingTheTokenKeepsItNowhereTest extends AgentTestSupport {

    private static final String TOKEN = "Kx7qPw2mZr9tLs4v"; // a plain 16-character token, as many gateways issue

    @Override
    protected java.util.Properties overrides() {
        return with("ceip.endpoint.token", TOKEN);
    }

    @Test
    void theEndpointTokenEchoedByTheAnswerIsNeverKept() throws Exception {
        server().reply(Reply.status(401, "{\"error\":\"unknown credential\",\"got\":\"" + TOKEN + "\"}"));
        String log;
        try (LogCapture capture = LogCapture.attach()) {
            runReportCycle();
            log = capture.all();
        }
        assertThat(server().received().get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        StringBuilder files = new StringBuilder();
        try (var walk = Files.walk(dataDirectory())) {
            for (Path file : walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json")).toList()) {
                files.append(file).append(": ").append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            }
        }
        assertThat(log).contains("HTTP 401: \"{\"error\":\"unknown credential\",\"got\":\"[REDACTED:secret]\"}\"");
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(log).as("the log").doesNotContain(TOKEN);
            soft.assertThat(deadLetters().entries().get(0).response()).as("the dead letter's response").doesNotContain(TOKEN);
            soft.assertThat(files.toString()).as("the data directory's metadata files").doesNotContain(TOKEN);
        });
    }
}
