package io.ceip.agent;

import io.ceip.agent.OutboxConfiguration.Outbox;
import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.config.Settings;
import io.ceip.agent.delivery.AnswerLimit;
import io.ceip.agent.delivery.ConsentGate;
import io.ceip.agent.delivery.DeliveryDeadline;
import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.delivery.EndpointComponent;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.delivery.ReplaySteps;
import io.ceip.agent.delivery.RetryBackoff;
import io.ceip.agent.delivery.EndpointToken;
import io.ceip.agent.delivery.RetryDelay;
import io.ceip.agent.delivery.RetryLogger;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.report.ReportRedactor;
import io.ceip.agent.tls.TlsContexts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.CompositeHttpConfigurer;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The delivery stage, in two steps: {@link #endpoint} checks the endpoint's settings and sets up the HTTP client
 * (TLS, pins, proxy, timeouts, answer limit) before anything is stored; {@link #steps} makes the beans the delivery
 * routes call ({@code deliverySteps}, {@code consentGate}, {@code retryLogger}, {@code retryDelay},
 * {@code replaySteps}, and {@code gzip}).
 */
final class DeliveryConfiguration {

    /** What later stages need: the delivery steps and a template to start the routes with. */
    record Delivery(DeliverySteps steps, ProducerTemplate template) {
    }

    private DeliveryConfiguration() {
    }

    /**
     * The endpoint is made by the first send (toD in ceip-send): its settings are checked here, so that a bad one
     * stops the start; the route sends to the URL rebuilt from its validated parts. Trust: the configured store;
     * else {@code defaultTrust} (the embedded collector's own certificate); else the JVM's trust store.
     */
    static URI endpoint(Wiring wiring, Optional<Path> defaultTrust) throws Exception {
        Settings settings = wiring.settings();
        Optional<Path> trustStore = settings.optional("ceip.endpoint.trust-store").map(Path::of).or(() -> defaultTrust);
        boolean allowPlainHttp = settings.bool("ceip.endpoint.allow-plain-http");
        URI endpoint = settings.endpointUrl("ceip.endpoint.url", allowPlainHttp);
        wiring.override("ceip.endpoint.url", endpoint.toString());
        if (allowPlainHttp) {
            Wiring.LOG.warn("ceip.endpoint.allow-plain-http=true, for tests only: {}",
                    endpoint.getScheme().equals("http")
                            ? "reports go UNENCRYPTED and to an UNAUTHENTICATED server at " + endpoint
                            : "a plain http:// endpoint would be accepted (now " + endpoint.getScheme() + ")");
        }
        DeliveryDeadline deadline = new DeliveryDeadline(settings.duration("ceip.endpoint.request-timeout"));
        wiring.bind("deliveryDeadline", deadline);
        wiring.closeOnStop(deadline);
        // the answer is read up to AnswerLimit.MAX_BYTES, never decompressed, never drained
        HttpClientConfigurer clientConfigurer = CompositeHttpConfigurer.combineConfigurers(deadline, new AnswerLimit());
        Optional<EndpointComponent.Proxy> proxy = settings.optional("ceip.proxy.host").map(host ->
                new EndpointComponent.Proxy(host, (int) settings.number("ceip.proxy.port"),
                        settings.optional("ceip.proxy.no-proxy"), settings.optional("ceip.proxy.user"),
                        settings.optional("ceip.proxy.password").orElse("")));
        SSLContextParameters clientTls = TlsContexts.client(trustStore,
                settings.optional("ceip.endpoint.trust-store-password"),
                settings.optional("ceip.endpoint.key-store").map(Path::of),
                settings.optional("ceip.endpoint.key-store-password"),
                TlsContexts.pins(settings.optional("ceip.endpoint.pins")));
        Duration connectTimeout = Duration.ofMillis(settings.number("ceip.endpoint.connect-timeout"));
        Duration responseTimeout = Duration.ofMillis(settings.number("ceip.endpoint.response-timeout"));
        EndpointComponent.configure(wiring.context().getComponent("https", HttpComponent.class), clientTls,
                connectTimeout, responseTimeout, clientConfigurer, proxy);
        if (endpoint.getScheme().equals("http")) {
            EndpointComponent.configure(wiring.context().getComponent("http", HttpComponent.class), null,
                    connectTimeout, responseTimeout, clientConfigurer, proxy);
        }
        return endpoint;
    }

    /** The beans of the deliver, send, delivery-errors and replay routes. */
    static Delivery steps(Wiring wiring, Outbox outbox, Privacy privacy, ReportRedactor redactor, AgentStatus status) {
        Settings settings = wiring.settings();
        wiring.bind("gzip", new GzipDataFormat());
        DeliverySteps delivery = new DeliverySteps(outbox.queue(), status, privacy.audit(), outbox.ledger(),
                privacy.rules(), settings.number("ceip.report.max-bytes"),
                (int) settings.number("ceip.dead-letter.memory-entries"), wiring.clock());
        wiring.bind("deliverySteps", delivery);
        wiring.bind("consentGate", new ConsentGate(privacy.consent(), redactor, outbox.queue(), wiring.mapper()));
        wiring.bind("endpointToken", new EndpointToken(settings.optional("ceip.endpoint.token").orElse("")));
        wiring.bind("retryLogger", new RetryLogger(delivery));
        wiring.bind("replaySteps", new ReplaySteps(outbox.queue(), (int) settings.number("ceip.dead-letter.max-entries")));
        wiring.bind("retryDelay", new RetryDelay(delivery, new RetryBackoff(settings.duration("ceip.retry.initial-delay"),
                Double.parseDouble(settings.string("ceip.retry.multiplier")), settings.duration("ceip.retry.max-delay"),
                settings.duration("ceip.retry.max-retry-after"),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1)), wiring.clock()));
        return new Delivery(delivery, wiring.context().createProducerTemplate());
    }
}
