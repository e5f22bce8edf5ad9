package io.ceip.agent;

import io.ceip.agent.delivery.AnswerExcerpt;
import io.ceip.agent.delivery.AnswerLimit;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A collector's answer is hostile input: the agent reads at most {@link AnswerLimit#MAX_BYTES} of it (a server
 * sending 50 MB sees its connection closed), never decompresses it, and keeps of it, in its log lines and in the
 * dead letter's metadata, only a redacted, escaped, cut excerpt: no secret, no control character, no forged log
 * line. The report is kept or delivered as the status says.
 */
class HostileAnswersStayContainedTest extends AgentTestSupport {

    private static final long FIFTY_MB = 50L * 1024 * 1024;
    private static final String FORGED_LINE = "2026-01-01 00:00:00 INFO  DeliverySteps - Report"
            + " 00000000-0000-0000-0000-000000000000 delivered: HTTP 202";
    private static final String SECRETS = "denied: Authorization: Bearer abcdefghijklmnop1234 for"
            + " https://admin:hunter2@db.example/x, ask ops@example.com";

    private LogCapture log;

    @BeforeEach
    void captureLog() {
        log = LogCapture.attach();
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    @Test
    void aFiftyMegabyteRejectionIsReadUpToTheBoundAndItsConnectionClosed() {
        server().reply(Reply.sized(400, FIFTY_MB));

        runReportCycle();

        DeadLetter rejected = deadLetters().entries().get(0);
        assertThat(rejected.state()).isEqualTo(DeadLetter.REJECTED);
        assertThat(rejected.lastStatus()).isEqualTo("HTTP 400");
        assertThat(rejected.response()).startsWith("ERROR the request was refused; ").endsWith(AnswerExcerpt.CUT);
        assertThat(rejected.response().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(512);
        await().atMost(Duration.ofSeconds(30)).until(() -> server().answersCut() == 1);
        assertThat(server().answersFinished()).as("the answer was not read to its end").isZero();
        assertThat(server().answerBytesWritten()).as("what the socket took before the agent closed it")
                .isLessThan(FIFTY_MB / 4);
        System.out.printf("A 50 MiB answer: the server wrote %d bytes before the agent closed the connection%n",
                server().answerBytesWritten());
        assertThat(lines("rejected by the collector")).singleElement().asString()
                .contains("(HTTP 400: \"ERROR the request was refused; ")
                .hasSizeLessThan(400);
    }

    @Test
    void aFiftyMegabyteServerErrorIsReadUpToTheBoundOnEveryAttemptAndTheReportStaysPending() {
        server().reply(Reply.sized(500, FIFTY_MB), Reply.sized(500, FIFTY_MB), Reply.sized(500, FIFTY_MB),
                Reply.sized(500, FIFTY_MB));

        runReportCycle();

        assertThat(server().received()).hasSize(4);
        assertThat(deadLetters().pending()).singleElement().extracting(DeadLetter::lastStatus).isEqualTo("HTTP 500");
        await().atMost(Duration.ofSeconds(30)).until(() -> server().answersCut() == 4);
        assertThat(server().answersFinished()).isZero();
        assertThat(lines("not delivered after 4 attempt(s)")).singleElement().asString()
                .contains("(HTTP 500: \"ERROR the request was refused; ").endsWith("kept in the dead-letter store for replay");
    }

    @Test
    void aFiftyMegabyteAcceptanceIsReadUpToTheBoundAndTheReportDelivered() {
        server().reply(Reply.sized(202, FIFTY_MB));

        runReportCycle();

        assertThat(deadLetters().entries()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> server().answersCut() == 1);
        assertThat(server().answersFinished()).isZero();
        assertThat(lines("delivered: HTTP 202")).hasSize(1);
    }

    @Test
    void aCompressedAnswerIsNeverInflated() {
        server().reply(Reply.gzipBomb(400, 64L << 20));

        runReportCycle();

        assertThat(server().received().get(0).header("Accept-Encoding")).as("no compressed answer is asked for")
                .isNull();
        DeadLetter rejected = deadLetters().entries().get(0);
        assertThat(rejected.lastStatus()).isEqualTo("HTTP 400");
        assertThat(rejected.response().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(512);
        assertThat(rejected.response()).as("the raw gzip bytes (1f 8b), escaped; inflated, it would start with zeros")
                .startsWith("\\u001f");
    }

    @Test
    void aCharsetOrContentTypeNamedByTheServerIsIgnored() {
        server().reply(new Reply(400, Map.of("Content-Type", "text/plain; charset=bogus-\u00e9"), "no such installation"),
                new Reply(400, Map.of("Content-Type", "application/x-java-serialized-object"), "not an object"));

        runReportCycle();
        runReportCycle();

        assertThat(deadLetters().entries()).extracting(DeadLetter::state, DeadLetter::lastStatus, DeadLetter::response)
                .containsExactlyInAnyOrder(tuple(DeadLetter.REJECTED, "HTTP 400", "no such installation"),
                        tuple(DeadLetter.REJECTED, "HTTP 400", "not an object"));
        assertThat(log.all()).doesNotContain("bogus", "ERROR", "Exception");
    }

    @Test
    void controlCharactersCannotForgeALogLineOrReachTheMetadata() {
        String answer = "bad request\n" + FORGED_LINE + "\r\n\u001b[2J\u001b[31mred\u0000\u0007\u0085\u2028\u202e"
                + "\u200b end\\n";
        server().reply(Reply.status(400, answer));

        runReportCycle();

        String escaped = "bad request\\n" + FORGED_LINE + "\\r\\n\\u001b[2J\\u001b[31mred\\u0000\\u0007\\u0085\\u2028"
                + "\\u202e\\u200b end\\\\n";
        assertThat(deadLetters().entries().get(0).response()).isEqualTo(escaped);
        assertThat(lines("rejected by the collector")).singleElement().asString()
                .contains("(HTTP 400: \"" + escaped + "\")");
        assertThat(log.all().lines()).as("no line starts with the forged one")
                .noneMatch(line -> line.startsWith("2026-01-01"));
        for (char control : new char[] { '\r', '\u001b', '\u0000', '\u0007', '\u0085', '\u2028', '\u202e', '\u200b' }) {
            assertThat(log.all()).doesNotContain(String.valueOf(control));
        }
    }

    @Test
    void secretsInARejectionAreRedactedInTheLogAndTheMetadata() {
        server().reply(Reply.status(403, SECRETS));

        runReportCycle();

        String excerpt = deadLetters().entries().get(0).response();
        assertThat(excerpt).isEqualTo("denied: Authorization: [REDACTED:bearer-token] for"
                + " [REDACTED:url-credentials] ask [REDACTED:email]");
        assertThat(lines("rejected by the collector")).singleElement().asString()
                .contains("(HTTP 403: \"" + excerpt + "\")");
        assertNoSecretIn(log.all());
    }

    @Test
    void secretsInAServerErrorAreRedactedInTheLogAndTheReportStaysPending() {
        server().reply(Reply.status(500, SECRETS), Reply.status(500, SECRETS), Reply.status(500, SECRETS),
                Reply.status(500, SECRETS));

        runReportCycle();

        assertThat(deadLetters().pending()).hasSize(1);
        assertThat(lines("not delivered after 4 attempt(s)")).singleElement().asString()
                .contains("[REDACTED:bearer-token]", "[REDACTED:url-credentials]", "[REDACTED:email]");
        assertNoSecretIn(log.all());
    }

    @Test
    void anAnswerCutAtTheBoundLosesItsLastWordBeforeRedaction() {
        // 4 KiB of words, the last one an e-mail cut in two by the bound: neither half may be kept
        String padding = "x ".repeat((AnswerLimit.MAX_BYTES - 20) / 2);
        String answer = padding + "someone.secret@example.com and more";
        server().reply(Reply.status(400, answer));

        runReportCycle();

        assertThat(deadLetters().entries().get(0).response()).endsWith(AnswerExcerpt.CUT)
                .doesNotContain("someone", "secret");
        assertNoSecretIn(log.all());
        assertThat(log.all()).doesNotContain("someone");
    }

    private List<String> lines(String containing) {
        return Arrays.stream(log.all().split("\n")).filter(line -> line.contains(containing)).toList();
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain("abcdefghijklmnop1234", "hunter2", "ops@example.com", "admin:");
    }
}
