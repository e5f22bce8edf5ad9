package io.ceip.agent.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ceip.agent.support.AgentStarts.cause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A name server that never answers (a resolver that blocks until the test ends, as the JDK's does while it waits):
 * the report client's request fails within the connect timeout with one line naming the host and the setting,
 * instead of holding the report route; at most {@value BoundedDnsResolver#THREADS} lookups hang at once, and a
 * resolver's own answer or failure passes through unchanged.
 */
class BoundedDnsResolverHangingNameServerTest {

    private static final Duration BOUND = Duration.ofMillis(300);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger lookups = new AtomicInteger();
    /** Blocks every lookup until the test ends. */
    private final DnsResolver silent = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            lookups.incrementAndGet();
            boolean interrupted = false;
            while (release.getCount() > 0) { // like the JDK's resolver: an interrupt does not end the wait
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[] { InetAddress.getLoopbackAddress() };
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getHostName();
        }
    };

    @AfterEach
    void releaseLookups() {
        release.countDown();
    }

    @Test
    void aRequestToAHostWhoseNameServerNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
        try (BoundedDnsResolver resolver = new BoundedDnsResolver(silent, BOUND);
                DefaultCamelContext context = new DefaultCamelContext()) {
            BoundedHttpComponent component = new BoundedHttpComponent(resolver);
            EndpointComponent.configure(component, null, BOUND, Duration.ofSeconds(1), null, Optional.empty());
            context.addComponent("http", component);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();

            Exchange sent = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> template.send(
                    "http://telemetry.vendor.test:9/v1/reports?httpMethod=POST", exchange -> exchange.getIn()
                            .setBody("{}")), "the request waited on the name server past the connect timeout");

            assertThat(lookups).as("lookups the request made through the component's resolver").hasValue(1);
            assertThat(cause(sent.getException(), message -> message.startsWith("telemetry.vendor.test:")))
                    .isInstanceOf(BoundedDnsResolver.NameNotResolvedException.class)
                    .hasMessage("telemetry.vendor.test: not resolved: no answer from the name server within"
                            + " ceip.endpoint.connect-timeout (300 ms)");
        }
    }

    @Test
    void atMostTwoLookupsHangAtOnceAndTheirThreadsServeAgainOnceAnswered() throws Exception {
        try (BoundedDnsResolver resolver = new BoundedDnsResolver(silent, BOUND)) {
            for (int i = 0; i < BoundedDnsResolver.THREADS; i++) {
                assertThatThrownBy(() -> resolver.resolve("telemetry.vendor.test"))
                        .hasMessageEndingWith("within ceip.endpoint.connect-timeout (300 ms)");
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> resolver.resolve("telemetry.vendor.test", 443))
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessage("telemetry.vendor.test: not resolved: the name server has not answered 2 earlier"
                            + " lookups yet (each bounded by ceip.endpoint.connect-timeout, 300 ms)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused without waiting")
                    .isLessThan(BOUND);
            assertThat(lookups).hasValue(2);
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("ceip-dns"))
                    .hasSizeLessThanOrEqualTo(BoundedDnsResolver.THREADS);

            release.countDown();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(resolver.resolve("telemetry.vendor.test")).containsExactly(
                            InetAddress.getLoopbackAddress()));
        }
    }

    /** A whole-request deadline shorter than the connect timeout bounds the lookup, and the line names it. */
    @Test
    void aShorterRequestTimeoutBoundsTheLookup() {
        try (BoundedDnsResolver resolver = BoundedDnsResolver.within(silent, Duration.ofSeconds(30), BOUND)) {
            assertThat(resolver.boundMillis()).isEqualTo(300);
            assertThatThrownBy(() -> resolver.resolve("telemetry.vendor.test")).hasMessage("telemetry.vendor.test:"
                    + " not resolved: no answer from the name server within ceip.endpoint.request-timeout (300 ms)");
        }
    }

    @Test
    void aResolversOwnAnswerOrFailurePassesThrough() throws Exception {
        UnknownHostException unknown = new UnknownHostException("nowhere.test");
        DnsResolver failing = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                throw unknown;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return "canonical.test";
            }
        };
        try (BoundedDnsResolver resolver = new BoundedDnsResolver(failing, BOUND)) {
            assertThatThrownBy(() -> resolver.resolve("nowhere.test")).isSameAs(unknown);
            assertThat(resolver.resolveCanonicalHostname("x.test")).isEqualTo("canonical.test");
        }
        try (BoundedDnsResolver system = BoundedDnsResolver.system(BOUND, Duration.ofSeconds(60))) {
            assertThat(system.resolve("127.0.0.1", 443)).singleElement()
                    .satisfies(address -> assertThat(address.getAddress().isLoopbackAddress()).isTrue());
            assertThat(system.resolvesThroughTheSystem()).isTrue();
            assertThat(system.boundMillis()).isEqualTo(300);
        }
    }
}
