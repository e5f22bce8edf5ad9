package io.ceip.agent.bench;

import io.ceip.agent.ScheduleConfiguration;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Baseline (a') of the start-up figures: camel-main running the agent's own route files ({@code routes/}, from the
 * working directory) with the agent's property locations and Quartz settings, but with every bean the routes name
 * replaced by a stand-in that does nothing. Its start-up is what the runtime itself spends on the agent's routes —
 * reading the YAML, building the routes and their MBeans, starting Quartz — without any of the agent's own code
 * (configuration, stores, TLS, the beans' real classes). Started in the agent's working directory with the agent's
 * environment.
 */
public final class RoutesFloorApp {

    private RoutesFloorApp() {
    }

    public static void main(String[] args) throws Exception {
        newMain().run();
    }

    /** The runtime of this baseline, not started: the agent's property locations and routes, the stand-ins. */
    static Main newMain() {
        Main main = new Main();
        main.configure().addConfiguration(StandIns.class);
        main.setPropertyPlaceholderLocations(
                "file:config/application.properties;optional=true,classpath:ceip-defaults.properties");
        // the agent computes these at start (its installation's offset; start-up report on with the schedule; the
        // spool's first poll 1 s after start)
        main.addOverrideProperty("ceip.schedule.effective-cron", "0 0 3 * * ?");
        main.addOverrideProperty("ceip.schedule.startup-report", "true");
        main.addOverrideProperty("ceip.events.initial-delay", "1000");
        // the customer destination's routes too (off by default: their precondition), so that every route is measured
        main.addOverrideProperty("ceip.customer-endpoint.enabled", "true");
        return main;
    }

    /** Binds a stand-in under every name the routes use, and sets Quartz up as the agent does. */
    public static final class StandIns implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) {
            context.getComponent("quartz", QuartzComponent.class)
                    .setProperties(ScheduleConfiguration.QUARTZ_SINGLE_NODE);
            Registry registry = context.getRegistry();
            registry.bind("reportSteps", new ReportStepsStandIn());
            registry.bind("inventorySteps", new InventoryStepsStandIn());
            registry.bind("deliverySteps", new DeliveryStepsStandIn());
            registry.bind("consentGate", new ConsentGateStandIn());
            registry.bind("replaySteps", new ReplayStepsStandIn());
            registry.bind("sendLimit", new SendLimitStandIn());
            registry.bind("reportExport", new ExportStandIn());
            registry.bind("gzip", new DataFormatStandIn());
            registry.bind("eventSpool", new EventSpoolStandIn());
            registry.bind("eventIntake", new EventIntakeStandIn());
            registry.bind("eventSpoolPoll", new org.apache.camel.support.DefaultPollingConsumerPollStrategy() {
                @Override
                public boolean begin(org.apache.camel.Consumer consumer, org.apache.camel.Endpoint endpoint) {
                    return false; // never reads the spool
                }
            });
            registry.bind("consentChanges", new ConsentChangesStandIn());
            registry.bind("consentWatchPolls", new ConsentWatchPollsStandIn());
            registry.bind("countedSpoolFiles", (org.apache.camel.component.file.GenericFileFilter<Object>) file -> true);
            // never asked for a connection: no report is made
            registry.bind("ceipDataSource", Proxy.newProxyInstance(RoutesFloorApp.class.getClassLoader(),
                    new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> switch (method.getName()) {
                        case "toString" -> "stand-in data source";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == arguments[0];
                        default -> throw new SQLFeatureNotSupportedException("stand-in");
                    }));
            Processor nothing = exchange -> {
            };
            registry.bind("retryLogger", nothing);
            registry.bind("destinations", new DestinationsStandIn());
            registry.bind("copySteps", new CopyStepsStandIn());
            registry.bind("retryDelay", nothing);
            registry.bind("reportedFires", new ReportedFiresStandIn());
            registry.bind("ownTrigger", new OwnTriggerStandIn());
            registry.bind("startupReport", new StartupReportStandIn());
            registry.bind("ceipCopyHandOff", java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "copy-hand-off-stand-in");
                thread.setDaemon(true);
                return thread;
            }));
        }
    }

    /** Stand-in for {@code reportedFires}. */
    public static final class ReportedFiresStandIn {
        public boolean alreadyReported(java.util.Date fire) {
            return false;
        }

        public void reported(java.util.Date fire) {
        }
    }

    /** Stand-in for {@code consentChanges}: nothing to look at. */
    public static final class ConsentChangesStandIn {
        public void check() {
        }
    }

    /** Stand-in for {@code consentWatchPolls}: nothing ever changed, so no exchange (as the agent left alone). */
    public static final class ConsentWatchPollsStandIn implements org.apache.camel.spi.PollingConsumerPollStrategy {
        @Override
        public boolean begin(org.apache.camel.Consumer consumer, org.apache.camel.Endpoint endpoint) {
            return false;
        }

        @Override
        public void commit(org.apache.camel.Consumer consumer, org.apache.camel.Endpoint endpoint, int polled) {
        }

        @Override
        public boolean rollback(org.apache.camel.Consumer consumer, org.apache.camel.Endpoint endpoint, int retry,
                Exception cause) {
            return false;
        }
    }

    /** Stand-in for {@code ownTrigger}: every fire is the report's own. */
    public static final class OwnTriggerStandIn {
        public String refusal(Object trigger) {
            return "";
        }
    }

    /** Stand-in for {@code startupReport}. */
    public static final class StartupReportStandIn {
        public boolean due() {
            return true;
        }
    }

    /** Stand-in for {@code inventorySteps}. */
    public static final class InventoryStepsStandIn {
        public java.util.List<Object> queries() {
            return java.util.List.of();
        }

        public void recordRows() {
        }

        public void recordQueryFailure() {
        }

        public void finish() {
        }
    }

    public static final class ReportStepsStandIn {
        public void start() {
        }

        public void collectDatabase() {
        }

        public void recordRows() {
        }

        public void recordQueryFailure() {
        }

        public void endCollection() {
        }

        public void finish() {
        }

        public boolean consentAllows() {
            return false;
        }

        public boolean conforms() {
            return true;
        }

        public void commit() {
        }
    }

    /** Stand-in for {@code deliverySteps}. */
    public static final class DeliveryStepsStandIn {
        public void enqueue() {
        }

        public boolean withinLimit() {
            return false;
        }

        public void attempt() {
        }

        public void delivered() {
        }

        public void withdrawn() {
        }

        public boolean isRetryable() {
            return false;
        }

        public void failed() {
        }

        public void rejected() {
        }
    }

    /** Stand-in for {@code consentGate}. */
    public static final class ConsentGateStandIn {
        public void check() {
        }

        public void held() {
        }
    }

    /** Stand-in for {@code replaySteps}. */
    public static final class DestinationsStandIn {
        public String authorization() {
            return null;
        }

        public String uri() {
            return "https://localhost:1/v1/reports";
        }
    }

    /** Stand-in for {@code copySteps}. */
    public static final class CopyStepsStandIn {
        public void store() {
        }
    }

    /** Stand-in for {@code sendLimit}. */
    public static final class SendLimitStandIn {
        public void check() {
        }

        public void kept() {
        }
    }

    public static final class ReplayStepsStandIn implements org.apache.camel.AggregationStrategy {
        @Override
        public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
            return oldExchange;
        }

        public java.util.List<String> due() {
            return java.util.List.of();
        }

        public void load() {
        }

        public boolean goingOn() {
            return false;
        }

        public void failed() {
        }

        public void finish() {
        }
    }

    /** Stand-in for {@code eventSpool}. */
    public static final class EventSpoolStandIn {
        public long consume(String path) {
            return 0;
        }

        public long kept(String path, Throwable failure) {
            return 0;
        }
    }

    /** Stand-in for {@code eventIntake} (its route is off by default, as in the agent). */
    public static final class EventIntakeStandIn {
        public Object receive(InputStream body, String authorization, String contentType, String contentEncoding) {
            return null;
        }
    }

    /** Stand-in for {@code reportExport}. */
    public static final class ExportStandIn {
        public void write() {
        }

        public void refuse() {
        }

        public void undecided() {
        }

        public void notNow() {
        }
    }

    /** Stand-in for {@code gzip}. */
    static final class DataFormatStandIn extends ServiceSupport implements DataFormat {
        @Override
        public void marshal(Exchange exchange, Object graph, OutputStream stream) {
        }

        @Override
        public Object unmarshal(Exchange exchange, InputStream stream) {
            return null;
        }
    }
}
