package io.ceip.agent;

import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.ScriptedConnectProxy;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An HTTP proxy that answers CONNECT with anything but 200 never opens a tunnel, and HttpClient 5 hands its answer
 * back as the request's final one (review s20 tls H1, M1): on an https route no answer without a TLS session counts as
 * the endpoint's. A 202 or 204 is not "delivered", a 407 or 403 is not "rejected by the collector": each is the
 * proxy's refusal, said as the proxy's and naming its settings, and the report (the vendor's and the customer's copy)
 * stays pending for the next cycle or replay. The proxy's body and password are never logged.
 */
class ProxyRefusingTheTunnelKeepsReportsPendingTest extends AgentTestSupport {

    private static final String PASSWORD = "rotated-Pr0xy-pw-77";
    private static final TestCertificates CUSTOMER_CERTIFICATES = TestCertificates.localhost();
    private static final Map<Integer, String> ANSWERS = Map.of(
            202, answer("202 Accepted", "", "ok"),
            204, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n",
            407, answer("407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"corp\"\r\n",
                    "proxy body: bad credentials for agent:" + PASSWORD),
            403, answer("403 Forbidden", "", "proxy body: policy blocked"));

    private static String answer(String status, String headers, String body) {
        return "HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    private final LogCapture log = LogCapture.attach();
    private ScriptedConnectProxy proxy;
    private TestHttpsServer customer;

    @Override
    protected Properties overrides() {
        try {
            proxy = new ScriptedConnectProxy(ANSWERS.get(202));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        customer = TestHttpsServer.start(CUSTOMER_CERTIFICATES, 0);
        return with("ceip.proxy.host", "127.0.0.1", "ceip.proxy.port", Integer.toString(proxy.port()),
                "ceip.proxy.user", "agent", "ceip.proxy.password", PASSWORD,
                "ceip.consent.default", "full",
                "ceip.customer-endpoint.enabled", "true",
                "ceip.customer-endpoint.url", customer.url(),
                "ceip.customer-endpoint.trust-store",
                CUSTOMER_CERTIFICATES.writePem(newTempDirectory().resolve("customer.pem")).toString(),
                "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        proxy.close();
        customer.close();
    }

    @Test
    void noAnswerOfTheProxyCountsAsTheEndpointsForEitherDestination() throws Exception {
        for (int status : new int[] {202, 204, 407, 403}) {
            proxy.answer(ANSWERS.get(status));
            Exchange cycle = runReportCycle();
            assertThat(cycle.getProperty(Outcome.PROPERTY)).as("HTTP %d from the proxy", status)
                    .isEqualTo(Outcome.RETRY.id());
            assertThat(cycle.getProperty(DeliverySteps.STATUS)).isEqualTo("proxy HTTP " + status);
            Path customerLedger = dataDirectory().resolve("destinations/customer/ledger.log");
            int copies = status == 202 ? 1 : status == 204 ? 2 : status == 407 ? 3 : 4;
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(customerLedger)
                    && Files.readString(customerLedger).split("outcome=proxy_HTTP_" + status, -1).length > 1
                    && Files.readAllLines(customerLedger).size() == copies);
        }

        assertThat(proxy.requests).allSatisfy(request -> assertThat(request).startsWith("CONNECT "));
        assertThat(server().received()).as("the collector received nothing").isEmpty();
        assertThat(customer.received()).as("the customer's endpoint received nothing").isEmpty();
        assertThat(deadLetters().entries()).hasSize(4).allSatisfy(entry ->
                assertThat(entry.state()).isEqualTo(DeadLetter.PENDING));
        assertThat(new DeadLetterStore(dataDirectory().resolve("destinations/customer/dead-letter"), () -> JSON,
                Clock.systemUTC()).entries()).hasSize(4).allSatisfy(entry ->
                        assertThat(entry.state()).isEqualTo(DeadLetter.PENDING));
        assertThat(log.all())
                .contains("(proxy HTTP 202; the proxy refused the tunnel: HTTP 202 (check ceip.proxy.host and"
                        + " ceip.proxy.port")
                .contains("(proxy HTTP 407; the proxy refused the tunnel: HTTP 407 (check ceip.proxy.user and"
                        + " ceip.proxy.password)); kept in the dead-letter store for replay")
                .contains("(customer's copy) not delivered after 1 attempt(s) (proxy HTTP 403; the proxy refused")
                .doesNotContain("delivered: HTTP", "rejected by the collector", "proxy body", PASSWORD);
    }
}
