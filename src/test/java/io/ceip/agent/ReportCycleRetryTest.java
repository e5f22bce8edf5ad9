package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCycleRetryTest extends AgentTestSupport {

    @Test
    void threeServiceUnavailableAnswersThenAcceptedDeliversOnceAfterFourAttempts() {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(202));

        runReportCycle();

        List<Received> requests = server().received();
        assertThat(requests).extracting(Received::status).containsExactly(503, 503, 503, 202);
        assertThat(requests).extracting(r -> r.header("Idempotency-Key")).containsOnly(
                requests.get(0).header("Idempotency-Key"));
        assertThat(requests).extracting(Received::json).containsOnly(requests.get(0).json());
        assertThat(deadLetters().entries()).isEmpty();
    }

    @Test
    void inboundCamelHeadersNeverRedirectOrLeakIntoTheRequest() {
        template.send("direct:ceip-report", exchange -> {
            exchange.getIn().setHeader("CamelHttpUri", "https://localhost:1/elsewhere");
            exchange.getIn().setHeader("CamelHttpPath", "/elsewhere");
            exchange.getIn().setHeader("fireTime", "yesterday");
            exchange.getIn().setHeader("Authorization", "Bearer leaked-token");
        });

        assertThat(server().received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/v1/reports");
            assertThat(request.headers()).doesNotContainKeys("firetime", "camelhttpuri");
            assertThat(request.header("Authorization")).as("the agent's own token (ceip.endpoint.token), never an inbound"
                    + " header's").isEqualTo("Bearer ceip-demo-token-0123456789");
        });
    }

    @Test
    void retryAfterIsHonouredAndOnlyTheReportThatGotItIsRetried() {
        server().reply(Reply.retryAfter(429, "2"), Reply.status(202), Reply.status(202));

        runReportCycle();
        runReportCycle();

        List<Received> requests = server().received();
        assertThat(requests).extracting(Received::status).containsExactly(429, 202, 202);
        assertThat(java.time.Duration.between(requests.get(0).at(), requests.get(1).at()))
                .as("the server asked for 2 s").isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(requests.get(1).header("Idempotency-Key")).isEqualTo(requests.get(0).header("Idempotency-Key"));
        assertThat(requests.get(2).header("Idempotency-Key")).isNotEqualTo(requests.get(0).header("Idempotency-Key"));
        assertThat(deadLetters().entries()).isEmpty();
    }

    @Test
    void anAnswerEchoingACredentialIsKeptRedactedAndBounded() throws Exception {
        String credential = "Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXh5eg";
        server().reply(Reply.status(401, "invalid credential: " + credential + " " + "x".repeat(2000)));

        runReportCycle();

        DeadLetter rejected = deadLetters().entries().get(0);
        assertThat(rejected.lastStatus()).isEqualTo("HTTP 401");
        assertThat(rejected.response()).startsWith("invalid credential: [REDACTED:bearer-token]")
                .doesNotContain("eyJhbGciOiJIUzI1NiJ9");
        assertThat(rejected.response().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(512);
        try (var files = java.nio.file.Files.walk(dataDirectory())) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                assertThat(new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain("c2VjcmV0LXBheWxvYWQ");
            }
        }
    }

    @Test
    void badRequestIsNotRetriedAndTheReportIsKeptAsRejected() {
        server().reply(Reply.status(400));

        runReportCycle();

        List<Received> requests = server().received();
        assertThat(requests).hasSize(1);
        JsonNode report = parse(requests.get(0).json());
        List<DeadLetter> stored = deadLetters().entries();
        assertThat(stored).singleElement().satisfies(entry -> {
            assertThat(entry.reportId()).isEqualTo(report.get("reportId").asText());
            assertThat(entry.state()).isEqualTo(DeadLetter.REJECTED);
            assertThat(entry.lastStatus()).isEqualTo("HTTP 400");
            assertThat(entry.attempts()).isEqualTo(1);
        });
        assertThat(deadLetters().body(report.get("reportId").asText())).isEqualTo(requests.get(0).rawBody());

        replayDeadLetters();
        assertThat(server().received()).as("a rejected report is not replayed").hasSize(1);
    }

    @Test
    void aRedirectIsNeverFollowedAndTheReportIsKeptAsRejected() {
        server().reply(new Reply(302, java.util.Map.of("Location", "https://collector.elsewhere.example/v1/reports"), ""));

        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(deadLetters().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(DeadLetter.REJECTED);
            assertThat(entry.lastStatus()).isEqualTo("HTTP 302");
        });
    }

    @Test
    void retriesExhaustedKeepTheReportPendingWithItsAttempts() {
        server().reply(Reply.status(503), Reply.status(502), Reply.status(500), Reply.status(504));

        runReportCycle();

        assertThat(server().received()).hasSize(4);
        assertThat(deadLetters().pending()).singleElement().satisfies(entry -> {
            assertThat(entry.attempts()).isEqualTo(4);
            assertThat(entry.lastStatus()).isEqualTo("HTTP 504");
            assertThat(entry.firstFailure()).isNotNull();
        });
    }
}
