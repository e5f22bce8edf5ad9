package io.ceip.agent.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A name server that answers the endpoint's host with many addresses, none of which ever completes a connection (SYNs
 * dropped: a listening socket whose backlog is full): Apache HttpClient tries address after address, each within the
 * connect timeout, and the whole-request deadline does not stop that loop; 64 addresses held one attempt 27 s with a
 * request timeout of 2 s (a name server answering over TCP can give thousands: hours at the default 10 s each). Now
 * only the first request-timeout / connect-timeout addresses are tried, and the attempt ends within the request
 * timeout, plus the lookup's bound.
 */
class ANameServerAnsweringManyAddressesIsBoundedTest {

    private static final Duration CONNECT = Duration.ofMillis(400);
    private static final Duration REQUEST = Duration.ofSeconds(2);

    private ServerSocket full;
    private final List<Socket> filling = new ArrayList<>();

    @BeforeEach
    void fillABacklog() throws IOException {
        full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 4; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                filling.add(socket);
            } catch (IOException hung) {
                socket.close();
            }
        }
    }

    @AfterEach
    void close() throws IOException {
        for (Socket socket : filling) {
            socket.close();
        }
        full.close();
    }

    @Test
    void manyAddressesThatNeverConnectEndWithinTheRequestTimeout() throws Exception {
        InetAddress[] many = new InetAddress[64];
        Arrays.fill(many, InetAddress.getLoopbackAddress());
        DnsResolver lavish = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return many.clone();
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        try (BoundedDnsResolver resolver = BoundedDnsResolver.within(lavish, CONNECT, REQUEST);
                DeliveryDeadline deadline = new DeliveryDeadline(REQUEST);
                DefaultCamelContext context = new DefaultCamelContext()) {
            BoundedHttpComponent component = new BoundedHttpComponent(resolver);
            EndpointComponent.configure(component, null, CONNECT, Duration.ofSeconds(1), deadline, Optional.empty());
            context.addComponent("http", component);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            long start = System.nanoTime();
            Exchange sent = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> template.send(
                    "http://telemetry.vendor.test:" + full.getLocalPort() + "/v1/reports?httpMethod=POST",
                    exchange -> exchange.getIn().setBody("{}")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(sent.getException()).as("the attempt failed").isNotNull();
            assertThat(took).as("one attempt").isLessThan(REQUEST.plus(CONNECT).plusSeconds(1));
            assertThat(resolver.resolve("telemetry.vendor.test")).hasSize(5);
            assertThat(resolver.resolve("telemetry.vendor.test", 443)).hasSize(5);
        }
    }
}
