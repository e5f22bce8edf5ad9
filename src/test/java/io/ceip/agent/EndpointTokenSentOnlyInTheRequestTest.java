package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ceip.endpoint.token}: each request (first attempt and retries) carries {@code Authorization: Bearer <token>};
 * the token is nowhere else — not in a log line (even with Camel's tracer on), the ledger, a dead letter or any file of
 * the data directory, nor in the JMX preview. Without a token no {@code Authorization} header is sent.
 */
class EndpointTokenSentOnlyInTheRequestTest {

    static final String TOKEN = "tok-7f3a9c2e5b8d4a1f6e0c";

    @Nested
    class WithAToken extends AgentTestSupport {

        @Override
        protected Properties overrides() {
            return with("ceip.endpoint.token", TOKEN);
        }

        @Test
        void everyAttemptCarriesTheTokenAndNothingElseKeepsIt() throws Exception {
            server().reply(Reply.status(503), Reply.status(202));
            try (LogCapture log = LogCapture.attach()) {
                runReportCycle();
                assertThat(server().received()).hasSize(2)
                        .allSatisfy(request -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN));

                server().reply(Reply.status(400, "unknown token " + TOKEN));
                runReportCycle();
                assertThat(management().preview()).doesNotContain(TOKEN);
                assertThat(log.all()).contains("rejected").doesNotContain(TOKEN);
            }
            assertThat(deadLetters().entries()).as("the rejected report is kept").hasSize(1);
            try (Stream<Path> files = Files.walk(dataDirectory())) {
                files.filter(Files::isRegularFile).forEach(file -> assertThat(read(file))
                        .as(file.toString()).doesNotContain(TOKEN));
            }
        }
    }

    /**
     * Camel's tracer on ({@code camel.main.tracing}, a usual step when debugging a delivery) logs every exchange with
     * its headers: the token is set by the HTTP client, never on the message, so the trace cannot show it (review s17
     * M3: it logged {@code Authorization=Bearer <token>} at each step of ceip-send).
     */
    @Nested
    class WithCamelsTracerOn extends AgentTestSupport {

        @Override
        protected Properties overrides() {
            return with("ceip.endpoint.token", TOKEN, "camel.main.tracing", "true");
        }

        @Test
        void theTraceShowsEveryStepButNotTheToken() {
            server().reply(Reply.status(503), Reply.status(202));
            try (LogCapture log = LogCapture.attach()) {
                runReportCycle();

                assertThat(server().received()).hasSize(2)
                        .allSatisfy(request -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN));
                assertThat(log.all()).as("the tracer logged the send route's steps").contains("ceip-send.camel.yaml")
                        .doesNotContain(TOKEN);
            }
        }
    }

    @Nested
    class WithoutAToken extends AgentTestSupport {

        @Override
        protected Properties overrides() {
            return with("ceip.endpoint.token", "");
        }

        @Test
        void noAuthorizationHeaderIsSent() {
            runReportCycle();
            assertThat(server().received()).hasSize(1);
            assertThat(server().received().get(0).headers().keySet()).noneMatch("authorization"::equalsIgnoreCase);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
