package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint that trickles its TLS handshake (a ServerHello record announced 16 KiB long, then a byte every 200 ms:
 * each read well within {@code ceip.endpoint.response-timeout}) is cut at {@code ceip.endpoint.request-timeout}, the
 * report kept pending, and the line names that setting.
 */
class TlsHandshakeTricklingIsCutAtTheRequestDeadlineTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private final AtomicInteger bytesTrickled = new AtomicInteger();
    private ServerSocket endpoint;

    @Override
    protected Properties overrides() {
        try {
            endpoint = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread accept = new Thread(this::trickle, "handshake-trickle");
        accept.setDaemon(true);
        accept.start();
        return with("ceip.endpoint.url", "https://localhost:" + endpoint.getLocalPort() + "/v1/reports",
                "ceip.endpoint.response-timeout", "2000", "ceip.endpoint.request-timeout", "3000",
                "ceip.retry.max-redeliveries", "0");
    }

    /** Reads the ClientHello, announces a 16 KiB handshake record and sends it a byte every 200 ms. */
    private void trickle() {
        while (!endpoint.isClosed()) {
            try (Socket client = endpoint.accept()) {
                InputStream in = client.getInputStream();
                in.read(new byte[16384]);
                OutputStream out = client.getOutputStream();
                out.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00, 0x02 });
                out.flush();
                for (int i = 0; i < 16383; i++) {
                    Thread.sleep(200);
                    out.write(0);
                    out.flush();
                    bytesTrickled.incrementAndGet();
                }
            } catch (IOException e) {
                // the agent closed it: the next connection
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        endpoint.close();
    }

    @Test
    void theAttemptEndsAtTheRequestDeadlineAndSaysSo() {
        long start = System.nanoTime();
        runReportCycle();

        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("A trickled handshake: the attempt ended after %d ms, %d bytes trickled%n", millis,
                bytesTrickled.get());
        assertThat(millis).as("ms").isLessThan(8000);
        assertThat(deadLetters().entries()).singleElement().extracting(DeadLetter::state).isEqualTo(DeadLetter.PENDING);
        assertThat(log.all()).contains("not delivered after 1 attempt(s) (RequestDeadlineException; no whole answer"
                + " within ceip.endpoint.request-timeout); kept in the dead-letter store for replay");
    }
}
