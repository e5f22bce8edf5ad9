package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a collector (or a proxy, on its plain hop) says in an authentication challenge or a redirect's
 * {@code Location} is hostile text: Apache HttpClient logged a malformed {@code WWW-Authenticate} or
 * {@code Proxy-Authenticate} value raw at WARN (an ANSI escape, a forged line, an echoed token: shown by the shipped
 * configuration), its Bearer scheme a challenge's parameters at DEBUG, and Camel's error handler a 302's
 * {@code Location} at DEBUG. Now the HTTP client's authentication loggers are off (the agent's own line says the
 * report was rejected) and the {@code Location} of an answer, never followed, is dropped: with every logger at TRACE,
 * no line holds the token or an escape character.
 */
class ChallengeAndLocationOfAnAnswerStayOutOfTheLogTest extends AgentTestSupport {

    private static final String TOKEN = "Kx7qPw2mZr9tLs4v";

    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.token", TOKEN);
    }

    @AfterEach
    void detach() {
        log.close();
    }

    @Test
    void aMalformedChallengeAndARedirectsLocationAreNeverLoggedEvenAtTrace() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().setLevel(Level.TRACE);
        context.updateLoggers();
        server().reply(new Reply(401, Map.of("WWW-Authenticate", "\u001b[2KINFO forged " + TOKEN + " a=\""), ""),
                new Reply(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", x=\"" + TOKEN + "\""), ""),
                new Reply(401, Map.of("WWW-Authenticate", TOKEN + " realm=\"x\""), ""),
                new Reply(302, Map.of("Location", "https://elsewhere.example/\u001b[2K?t=" + TOKEN), ""));

        for (int cycle = 0; cycle < 4; cycle++) {
            runReportCycle();
        }

        assertThat(deadLetters().entries()).hasSize(4).allSatisfy(entry ->
                assertThat(entry.state()).isEqualTo(DeadLetter.REJECTED));
        assertThat(log.all()).contains("rejected by the collector (HTTP 401", "rejected by the collector (HTTP 302");
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(log.all()).as("the token").doesNotContain(TOKEN);
            soft.assertThat(log.all()).as("an escape character").doesNotContain("\u001b");
            soft.assertThat(log.all()).as("the forged text").doesNotContain("forged");
        });
    }

    /** The shipped configuration (not the tests'): HttpClient's authentication loggers are off at every level. */
    @ParameterizedTest(name = "ceip.log.level={0}")
    @ValueSource(strings = { "", "TRACE" })
    void theShippedConfigurationKeepsTheHttpClientsAuthenticationLoggersOff(String level) throws Exception {
        String shipped;
        try (InputStream in = CeipAgent.class.getResourceAsStream("/log4j2.properties")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String previous = System.getProperty("ceip.log.level");
        if (level.isEmpty()) {
            System.clearProperty("ceip.log.level");
        } else {
            System.setProperty("ceip.log.level", level);
        }
        LoggerContext context = new LoggerContext("shipped-" + System.nanoTime());
        try {
            context.start(new PropertiesConfigurationFactory().getConfiguration(context, new ConfigurationSource(
                    new ByteArrayInputStream(shipped.getBytes(StandardCharsets.UTF_8)))));
            assertThat(context.getLogger("org.apache.hc.client5.http.impl.auth.AuthenticationHandler")
                    .isEnabled(org.apache.logging.log4j.Level.FATAL)).isFalse();
            assertThat(context.getLogger("org.apache.hc.client5.http.impl.auth.BearerScheme")
                    .isEnabled(org.apache.logging.log4j.Level.FATAL)).isFalse();
            assertThat(context.getLogger("io.ceip.agent.delivery.DeliverySteps")
                    .isEnabled(org.apache.logging.log4j.Level.WARN)).as("the agent's own lines").isTrue();
        } finally {
            context.stop();
            if (previous == null) {
                System.clearProperty("ceip.log.level");
            } else {
                System.setProperty("ceip.log.level", previous);
            }
        }
    }
}
