package io.ceip.agent;

import io.ceip.agent.OutboxConfiguration.Outbox;
import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.config.Settings;
import io.ceip.agent.delivery.AnswerExcerpt;
import io.ceip.agent.delivery.AnswerLimit;
import io.ceip.agent.delivery.BoundedDnsResolver;
import io.ceip.agent.delivery.BoundedHttpComponent;
import io.ceip.agent.delivery.ConsentGate;
import io.ceip.agent.delivery.CopyHandOff;
import io.ceip.agent.delivery.CopySteps;
import io.ceip.agent.delivery.Destination;
import io.ceip.agent.delivery.Destinations;
import io.ceip.agent.delivery.DeliveryDeadline;
import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.delivery.EndpointComponent;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.delivery.NoProxyHosts;
import io.ceip.agent.delivery.ProxyTunnelCheck;
import io.ceip.agent.delivery.ReplaySteps;
import io.ceip.agent.delivery.RetryBackoff;
import io.ceip.agent.delivery.RetryBudget;
import io.ceip.agent.delivery.EndpointToken;
import io.ceip.agent.delivery.RetryDelay;
import io.ceip.agent.delivery.RetryLogger;
import io.ceip.agent.delivery.SendLimit;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.report.ReportRedactor;
import io.ceip.agent.tls.ClientKeyStore;
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
 * {@code replaySteps}, {@code sendLimit}, and {@code gzip}).
 */
final class DeliveryConfiguration {

    /** What later stages need: the delivery steps, the destinations and a template to start the routes with. */
    record Delivery(DeliverySteps steps, Destinations destinations, ConsentGate gate, ProducerTemplate template) {
    }

    /** The endpoints whose settings were checked: the vendor's, and the customer's own when it is on. */
    record Endpoints(URI vendor, Optional<URI> customer) {
    }

    /** The HTTP component of the customer's destination (its own TLS); the vendor's are {@code https} and {@code http}. */
    static final String CUSTOMER_COMPONENT = "ceip-customer";

    private DeliveryConfiguration() {
    }

    /**
     * The endpoint is made by the first send (toD in ceip-send): its settings are checked here, so that a bad one
     * stops the start; the route sends to the URL rebuilt from its validated parts. Trust: the configured store;
     * else {@code defaultTrust} (the embedded collector's own certificate); else the JVM's trust store.
     */
    static Endpoints endpoint(Wiring wiring, Optional<Path> defaultTrust) throws Exception {
        Settings settings = wiring.settings();
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
        Optional<EndpointComponent.Proxy> proxy = settings.optional("ceip.proxy.host").map(host ->
                new EndpointComponent.Proxy(host, (int) settings.number("ceip.proxy.port"),
                        settings.optional("ceip.proxy.no-proxy").map(NoProxyHosts::forCamel).filter(v -> !v.isEmpty()),
                        settings.optional("ceip.proxy.user"),
                        settings.optional("ceip.proxy.password").orElse("")));
        Duration connectTimeout = Duration.ofMillis(settings.number("ceip.endpoint.connect-timeout"));
        Duration responseTimeout = Duration.ofMillis(settings.number("ceip.endpoint.response-timeout"));
        // the JDK's resolver has no timeout: each lookup is bounded by the connect timeout, on the vendor's own threads
        BoundedDnsResolver resolver = BoundedDnsResolver.system(connectTimeout,
                settings.duration("ceip.endpoint.request-timeout"), "vendor");
        wiring.closeOnStop(resolver);
        HttpClientConfigurer vendorClient = client(deadline, new EndpointToken(settings.optional("ceip.endpoint.token")
                .orElse("")));
        EndpointComponent.configure(BoundedHttpComponent.replace(wiring.context(), "https", resolver),
                tls(wiring, "ceip.endpoint.", defaultTrust), connectTimeout, responseTimeout, vendorClient, proxy);
        if (endpoint.getScheme().equals("http")) {
            EndpointComponent.configure(BoundedHttpComponent.replace(wiring.context(), "http", resolver), null,
                    connectTimeout, responseTimeout, vendorClient, proxy);
        }
        // the customer's copies' own threads (the report route's wire tap): never the report cycle's
        CopyHandOff handOff = new CopyHandOff(settings.path("ceip.customer-endpoint.directory").resolve("dead-letter"),
                wiring.clock());
        wiring.bind("ceipCopyHandOff", handOff);
        wiring.closeOnStop(handOff);
        if (!settings.bool("ceip.customer-endpoint.enabled")) {
            return new Endpoints(endpoint, Optional.empty());
        }
        // the customer's own endpoint: the same rules, its own trust, pins and key store, on a component of its own
        if (settings.optional("ceip.customer-endpoint.url").isEmpty()) {
            throw new IllegalArgumentException("ceip.customer-endpoint.url: empty, but ceip.customer-endpoint.enabled"
                    + " is true; set the customer's https:// URL or turn the customer destination off");
        }
        URI customer = settings.endpointUrl("ceip.customer-endpoint.url", allowPlainHttp);
        // its own lookup threads: a name server hanging for one destination's host never holds the other's lookups
        BoundedDnsResolver customerResolver = BoundedDnsResolver.system(connectTimeout,
                settings.duration("ceip.endpoint.request-timeout"), "customer");
        wiring.closeOnStop(customerResolver);
        HttpComponent component = new BoundedHttpComponent(customerResolver);
        EndpointComponent.configure(component, customer.getScheme().equals("http") ? null
                : tls(wiring, "ceip.customer-endpoint.", Optional.empty()), connectTimeout, responseTimeout,
                client(deadline, new EndpointToken(settings.optional("ceip.customer-endpoint.token").orElse(""),
                        "ceip.customer-endpoint.token")), proxy);
        wiring.context().addComponent(CUSTOMER_COMPONENT, component);
        return new Endpoints(endpoint, Optional.of(customer));
    }

    /**
     * A destination's HTTP client: the whole-request deadline, the answer read up to {@link AnswerLimit#MAX_BYTES}
     * (never decompressed, never drained), its own token set on its requests (never on a Camel message), and on an
     * https route no answer taken for the endpoint's without a TLS session ({@link ProxyTunnelCheck}). A new
     * composite for each: camel-http's {@code combineConfigurers} adds to a composite it is given.
     */
    private static HttpClientConfigurer client(DeliveryDeadline deadline, EndpointToken token) {
        CompositeHttpConfigurer client = new CompositeHttpConfigurer();
        client.addConfigurer(deadline);
        client.addConfigurer(new AnswerLimit());
        client.addConfigurer(token);
        client.addConfigurer(new ProxyTunnelCheck());
        return client;
    }

    /**
     * The client TLS of an endpoint from its {@code prefix}{@code trust-store}, key store and pins settings; refused as
     * the vendor's are ({@link TlsContexts} names the {@code ceip.endpoint.*} key; for the customer's, its own key).
     */
    private static SSLContextParameters tls(Wiring wiring, String prefix, Optional<Path> defaultTrust)
            throws Exception {
        Settings settings = wiring.settings();
        try {
            SSLContextParameters tls = clientTls(settings, prefix, defaultTrust);
            ClientKeyStore.expiringBefore(tls, wiring.clock().instant().plus(Duration.ofDays(30))).ifPresent(end ->
                    Wiring.LOG.warn("{}key-store: its client certificate expires on {}; renew it before then (the"
                            + " endpoint will refuse the agent after it)", prefix, end));
            return tls;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("ceip.endpoint.", prefix), e.getCause());
        }
    }

    private static SSLContextParameters clientTls(Settings settings, String prefix, Optional<Path> defaultTrust)
            throws Exception {
        return TlsContexts.client(settings.optional(prefix + "trust-store").map(Path::of).or(() -> defaultTrust),
                settings.optional(prefix + "trust-store-password"),
                settings.optional(prefix + "key-store").map(Path::of),
                settings.optional(prefix + "key-store-password"),
                TlsContexts.pins(settings.optional(prefix + "pins")));
    }

    /** The beans of the deliver, send, delivery-errors and replay routes. */
    static Delivery steps(Wiring wiring, Endpoints endpoints, Outbox outbox, Privacy privacy, ReportRedactor redactor,
            AgentStatus status) {
        Settings settings = wiring.settings();
        wiring.bind("gzip", new GzipDataFormat());
        Destination vendor = new Destination(Destination.VENDOR, outbox.queue(), outbox.ledger(), outbox.sent(), status,
                ConsentLevel.FULL, endpoints.vendor().toString());
        Destinations destinations = new Destinations(vendor, endpoints.customer().map(url -> new Destination(
                Destination.CUSTOMER, outbox.customer().orElseThrow().queue(), outbox.customer().get().ledger(),
                outbox.customer().get().sent(), outbox.customer().get().status(),
                ConsentLevel.parse(settings.string("ceip.customer-endpoint.consent-ceiling")),
                CUSTOMER_COMPONENT + ":" + url.getRawSchemeSpecificPart())));
        wiring.bind("destinations", destinations);
        DeliverySteps delivery = new DeliverySteps(destinations, privacy.audit(),
                new AnswerExcerpt(privacy.rules(), settings.secretValues()),
                settings.number("ceip.report.max-bytes"), (int) settings.number("ceip.dead-letter.memory-entries"),
                wiring.clock());
        wiring.bind("deliverySteps", delivery);
        ConsentGate gate = new ConsentGate(privacy.consent(), redactor, destinations, wiring.mapper(),
                settings.number("ceip.report.max-bytes"));
        wiring.bind("consentGate", gate);
        wiring.bind("copySteps", new CopySteps(destinations, gate,
                wiring.context().getRegistry().lookupByNameAndType("ceipCopyHandOff", CopyHandOff.class)));
        wiring.bind("retryLogger", new RetryLogger(delivery));
        wiring.bind("replaySteps", new ReplaySteps(destinations, (int) settings.number("ceip.dead-letter.max-entries")));
        wiring.bind("sendLimit", new SendLimit(destinations, settings.number("ceip.report.max-bytes"),
                (int) settings.number("ceip.dead-letter.max-entries")));
        wiring.bind("retryDelay", new RetryDelay(delivery, new RetryBackoff(settings.duration("ceip.retry.initial-delay"),
                Double.parseDouble(settings.string("ceip.retry.multiplier")), settings.duration("ceip.retry.max-delay"),
                settings.duration("ceip.retry.max-retry-after"),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1)), wiring.oneShot()
                ? RetryBudget.fromNow(settings.duration("ceip.retry.send-budget"), wiring.clock())
                : RetryBudget.none(), wiring.clock()));
        return new Delivery(delivery, destinations, gate, wiring.context().createProducerTemplate());
    }
}
