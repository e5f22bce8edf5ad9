package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestConnectProxy;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer that echoes the proxy's password (review s20 tls M4: "access denied for agent:&lt;password&gt;", as some
 * gateways' error pages print decoded credentials) keeps it nowhere: {@code ceip.proxy.password} is one of the secrets
 * replaced before an answer's excerpt reaches a log line or a dead letter ({@code Settings.secretValues}). Since a
 * proxy's own answer is never kept (H1, M1), the answer here comes through a real tunnel, from the endpoint.
 */
class AnswerEchoingTheProxyPasswordKeepsItNowhereTest extends AgentTestSupport {

    private static final String PASSWORD = "rotated-Pr0xy-pw-77";
    private final LogCapture log = LogCapture.attach();
    private TestConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new TestConnectProxy("agent", PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.proxy.host", "127.0.0.1", "ceip.proxy.port", Integer.toString(proxy.port()),
                "ceip.proxy.user", "agent", "ceip.proxy.password", PASSWORD, "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        proxy.close();
    }

    @Test
    void theProxyPasswordEchoedByAnAnswerIsNeverKept() throws Exception {
        server().reply(Reply.status(403, "access denied for agent:" + PASSWORD + " (policy)"));

        runReportCycle();

        assertThat(proxy.tunnels()).containsExactly("localhost:" + server().port());
        assertThat(log.all()).contains("(HTTP 403: \"access denied for agent:[REDACTED:secret] (policy)\")")
                .doesNotContain(PASSWORD);
        assertThat(deadLetters().entries().get(0).response()).isEqualTo(
                "access denied for agent:[REDACTED:secret] (policy)");
        try (var files = Files.walk(dataDirectory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(PASSWORD);
            }
        }
    }
}
