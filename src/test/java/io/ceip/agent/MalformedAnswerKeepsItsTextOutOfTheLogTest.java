package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.net.ssl.SSLServerSocket;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer HTTP cannot parse (a header line without a colon, echoing the endpoint token behind an ANSI escape and a
 * forged log line) fails the attempt as an I/O error, retried, the report kept, and the line says the endpoint's answer
 * is not HTTP (it said only "ClientProtocolException"): with every logger at TRACE (the README's "show everything"),
 * no line holds the token, an escape character or the forged text.
 */
class MalformedAnswerKeepsItsTextOutOfTheLogTest extends AgentTestSupport {

    private static final String TOKEN = "Kx7qPw2mZr9tLs4v";
    private static final String FORGED = "INFO  DeliverySteps - Report 00000000-0000-0000-0000-000000000000 delivered";

    private LogCapture log;
    private SSLServerSocket endpoint;

    @Override
    protected Properties overrides() {
        try {
            endpoint = (SSLServerSocket) serverCertificates().serverContext().getServerSocketFactory()
                    .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread accept = new Thread(this::answerGarbage, "malformed-answers");
        accept.setDaemon(true);
        accept.start();
        return with("ceip.endpoint.url", "https://localhost:" + endpoint.getLocalPort() + "/v1/reports",
                "ceip.endpoint.token", TOKEN, "ceip.retry.max-redeliveries", "1");
    }

    private void answerGarbage() {
        while (!endpoint.isClosed()) {
            try (Socket client = endpoint.accept()) {
                readRequest(client.getInputStream());
                client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                        + "\u001b[2K\r" + FORGED + " Bearer " + TOKEN + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
            } catch (IOException e) {
                // the next connection
            }
        }
    }

    /** The request's head, then as many body bytes as it announced. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        int at = text.indexOf("content-length:");
        if (at >= 0) {
            in.readNBytes(Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim()));
        }
    }

    @AfterEach
    void stop() throws IOException {
        log.close();
        endpoint.close();
    }

    @Test
    void aMalformedAnswerIsRetriedAndNothingOfItIsLoggedEvenAtTrace() {
        log = LogCapture.attach();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().setLevel(Level.TRACE);
        context.updateLoggers();

        runReportCycle();

        assertThat(deadLetters().entries()).singleElement().extracting(DeadLetter::state).isEqualTo(DeadLetter.PENDING);
        assertThat(log.all()).contains("not delivered after 2 attempt(s) (ClientProtocolException; the endpoint's answer"
                + " is not valid HTTP/1.1 (ParseException) (check ceip.endpoint.url)); kept in the dead-letter store");
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(log.all()).as("the token").doesNotContain(TOKEN);
            soft.assertThat(log.all()).as("an escape character").doesNotContain("\u001b");
            soft.assertThat(log.all()).as("the forged line").doesNotContain(FORGED);
        });
    }
}
