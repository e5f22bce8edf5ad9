package io.ceip.agent;

import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.ConsentLevelFile;
import io.ceip.agent.events.EventIntake;
import io.ceip.agent.events.EventRecorder;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.events.IntakeServer;
import io.ceip.agent.events.IntakeToken;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/**
 * The loopback HTTP intake of product events ({@code ceip.events.http.enabled}, off by default): its token (read
 * from {@code ceip.events.http.token-file}, made there when missing), the bean {@code eventIntake} the route
 * {@code ceip-events-http} calls (bound either way; while the intake is off its route is not started, and no token
 * is read or made), and its server ({@link IntakeServer}, on 127.0.0.1 and {@code ceip.events.http.port}: a port
 * another process listens on stops the start with one line). Camel's embedded server ({@code camel.server.*}) is not
 * used; switched on by an administrator, its host must be a loopback address written as such ({@code 127.0.0.1},
 * {@code ::1}): anything else (a name, every address) stops the start with one line naming {@code camel.server.host}.
 * Neither it nor Camel's management server ({@code camel.management.*}) may take the intake's port (one line too),
 * and either switched on must find its port free (one line: Camel would start without it).
 */
final class EventsIntakeConfiguration {

    /** Camel's own servers an administrator may switch on, with their default ports: never the intake's port. */
    private static final Map<String, String> CAMEL_SERVER_PORTS = Map.of("camel.server", "8080",
            "camel.management", "9876");

    private EventsIntakeConfiguration() {
    }

    static void configure(Wiring wiring, Privacy privacy, EventStore store, EventRecorder recorder, EventSpool spool,
            ConsentLevelFile levelFile, boolean owned) {
        Settings settings = wiring.settings();
        boolean enabled = settings.bool("ceip.events.http.enabled");
        if (switchedOn(wiring, "camel.server")) {
            String host = camel(wiring, "camel.server.host").orElse("0.0.0.0");
            if (!loopback(host)) {
                throw new IllegalArgumentException("camel.server.host " + (host.matches("[\\w.:\\[\\]-]{1,64}")
                        ? "'" + host + "'" : "(as set)") + " is not a loopback address: Camel's embedded server"
                        + " (camel.server.enabled) listens on 127.0.0.1 or ::1 only");
            }
        }
        // Camel only logs that its server cannot bind, and starts without it: health probes would find another
        // process, or nothing, there
        CAMEL_SERVER_PORTS.forEach((server, defaultPort) -> {
            int port = port(camel(wiring, server + ".port").orElse(defaultPort));
            if (switchedOn(wiring, server) && port > 0) {
                Wiring.requireFreePort(server + ".port", camel(wiring, server + ".host").orElse("0.0.0.0"), port,
                        "Camel's " + (server.equals("camel.server") ? "embedded" : "management") + " server");
            }
        });
        if (enabled) {
            int port = (int) settings.number("ceip.events.http.port");
            CAMEL_SERVER_PORTS.forEach((server, defaultPort) -> {
                if (switchedOn(wiring, server) && port(camel(wiring, server + ".port").orElse(defaultPort)) == port) {
                    throw new IllegalArgumentException(server + ".port " + port + " is also ceip.events.http.port: the"
                            + " events' HTTP intake listens there on a server of its own (give either another port)");
                }
            });
            // the embedded server would only log that it cannot bind, and the product would hand its token to
            // whatever listens there
            Wiring.requireFreePort("ceip.events.http.port", IntakeServer.HOST, port, "the events' HTTP intake");
        }
        IntakeToken token = enabled ? IntakeToken.loadOrCreate(settings.path("ceip.events.http.token-file"))
                : IntakeToken.none();
        EventIntake intake = new EventIntake(store, recorder, spool, privacy.consent(), levelFile, token,
                new EventIntake.Bounds((int) settings.number("ceip.events.max-line-bytes"),
                        settings.number("ceip.events.http.max-body-bytes") + 1, // a last line without a line feed
                        settings.number("ceip.events.http.max-lines")));
        if (!owned) { // as the spool route is off: 503, so that the product keeps its events for later
            intake.leftToAnother();
        }
        wiring.bind("eventIntake", intake);
        if (enabled) {
            IntakeServer server = new IntakeServer((int) settings.number("ceip.events.http.port"), intake,
                    new IntakeServer.Limits(settings.number("ceip.events.http.max-body-bytes"),
                            (int) settings.number("ceip.events.http.body-timeout-seconds"),
                            IntakeServer.HEADER_SECONDS, IntakeServer.IDLE_SECONDS));
            wiring.bind(server.routerName(), server.router());
            wiring.bind("platformHttpServerConfiguration", server.engineConfiguration());
            try {
                wiring.context().addService(server);
            } catch (Exception e) {
                throw new IllegalStateException("the events' HTTP intake cannot be added", e);
            }
            Wiring.LOG.info("Events: HTTP intake on http://{}:{}/ceip/events (token in {})", IntakeServer.HOST,
                    settings.number("ceip.events.http.port"),
                    settings.path("ceip.events.http.token-file").toAbsolutePath().normalize());
        }
    }

    /** Whether Camel's server {@code server} is on: {@code <server>.enabled} read as Camel reads a boolean. */
    private static boolean switchedOn(Wiring wiring, String server) {
        return camel(wiring, server + ".enabled").filter("true"::equalsIgnoreCase).isPresent();
    }

    /** A port as Camel reads it ({@code 09877} is 9877), or -1 when it is not a number (Camel then says so). */
    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> camel(Wiring wiring, String key) {
        return wiring.context().getPropertiesComponent().resolveProperty(key).map(String::strip);
    }

    /** True for a loopback address written as digits (never a name: no name is looked up). */
    static boolean loopback(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]{7,15}|[0-9A-Fa-f:]{2,39}")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
