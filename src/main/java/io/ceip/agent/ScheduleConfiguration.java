package io.ceip.agent;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.config.Settings;
import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.files.StateStore;
import io.ceip.agent.report.FeatureWindow;
import io.ceip.agent.schedule.ClockJumps;
import io.ceip.agent.schedule.ClockWatch;
import io.ceip.agent.schedule.ClusterDatabase;
import io.ceip.agent.schedule.JdbcStateStore;
import io.ceip.agent.schedule.OwnJob;
import io.ceip.agent.schedule.OwnTrigger;
import io.ceip.agent.schedule.QuartzCluster;
import io.ceip.agent.schedule.ReportedFires;
import io.ceip.agent.schedule.ScheduleFrequency;
import io.ceip.agent.schedule.ScheduleOffset;
import io.ceip.agent.schedule.ScheduleSeed;
import io.ceip.agent.schedule.ScheduleZone;
import io.ceip.agent.schedule.StartupReport;
import io.ceip.agent.schedule.StoredTrigger;
import io.ceip.agent.util.DatabaseAdvice;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzHelper;
import org.apache.camel.component.quartz.StatefulCamelJob;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.TriggerKey;

/**
 * The schedule stage: where the installation's values are kept (files under the data directory, or the cluster's
 * database), Quartz on one node or in a cluster, and the report's cron shifted by this installation's offset
 * ({@code ceip.schedule.effective-cron}, read by ceip-schedule).
 */
public final class ScheduleConfiguration {

    /**
     * Quartz outside cluster mode: one scheduler thread, as the agent has one trigger (Quartz's own default is a pool
     * of ten), and the trigger kept in memory.
     */
    public static final Map<String, Object> QUARTZ_SINGLE_NODE = Map.of(
            "org.quartz.scheduler.instanceName", QuartzCluster.SCHEDULER_NAME,
            "org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool",
            "org.quartz.threadPool.threadCount", "1",
            "org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");

    /** The report's trigger: group and name of the quartz endpoint in routes/ceip-schedule.camel.yaml. */
    static final String TRIGGER_GROUP = "ceip";
    static final String TRIGGER_NAME = "report";

    /** What later stages need: the state store, the installation ID and the effective cron. */
    record Schedule(StateStore state, InstallationId installationId, String cron) {
    }

    private ScheduleConfiguration() {
    }

    static Schedule configure(Wiring wiring) throws Exception {
        Settings settings = wiring.settings();
        boolean cluster = settings.bool("ceip.cluster.enabled");
        String configured = settings.string("ceip.schedule.cron");
        // a cron that never fires here (schedule off, a read-only one-shot run) is not refused (review s20 cluster L2)
        if (settings.bool("ceip.schedule.enabled") && !wiring.readsOnly()
                && !settings.bool("ceip.schedule.allow-frequent")) {
            ScheduleFrequency.tooFrequent(configured, wiring.clock().instant()).ifPresent(gap -> {
                throw new IllegalArgumentException("ceip.schedule.cron '" + configured + "' fires more often than once"
                        + " an hour (two fires " + gap.toSeconds() + " s apart): each fire queries the product database"
                        + " and sends; set ceip.schedule.allow-frequent=true to allow it (tests, demos)");
            });
        }
        StateStore state;
        ClusterDatabase shared = cluster ? clusterDatabase(settings) : null;
        if (cluster) {
            state = cluster(wiring, shared);
        } else {
            wiring.context().getComponent("quartz", QuartzComponent.class).setProperties(QUARTZ_SINGLE_NODE);
            state = new FileStateStore(wiring.dataDirectory());
        }
        InstallationId installationId = new InstallationId(state);
        wiring.bind("reportedFires", cluster ? ReportedFires.shared(state) : ReportedFires.none());
        wiring.bind("ownTrigger", new OwnTrigger(TRIGGER_GROUP, TRIGGER_NAME,
                settings.bool("ceip.schedule.allow-frequent"), wiring.clock()));
        // on one node the offset comes from the installation ID: the stored one, or the one the first report will
        // store (made now, kept in memory until then), so the schedule stays the same across restarts once a report
        // was made; in a cluster from the seed in the shared table, the same on every node from the first start
        UUID seed = !cluster ? installationId.get() : wiring.readsOnly()
                ? ScheduleSeed.stored(state, installationId.get()) : ScheduleSeed.of(state, installationId.existing());
        String cron = ScheduleOffset.apply(configured, seed);
        wiring.override("ceip.schedule.effective-cron", cron);
        if (cluster && settings.bool("ceip.schedule.enabled") && !wiring.readsOnly()) {
            try {
                StoredTrigger.cron(shared, StoredTrigger.schedulerName(QuartzHelper.getQuartzContextName(
                        wiring.context())), TRIGGER_GROUP, TRIGGER_NAME).flatMap(stored -> StoredTrigger.replaced(
                                stored, cron)).ifPresent(Wiring.LOG::warn);
            } catch (SQLException e) {
                throw unusable(shared, e);
            }
        }
        if (!cluster && settings.bool("ceip.schedule.enabled") && !wiring.oneShot()) {
            watchTheClock(wiring);
            recordTheZone(state);
        }
        // a report at start only when none was made yet or the scheduled run after the last one was missed
        StartupReport startupReport = new StartupReport(new FeatureWindow(state)::lastReport, cron,
                wiring.clock());
        wiring.bind("startupReport", startupReport);
        wiring.override("ceip.schedule.startup-report", Boolean.toString(settings.bool("ceip.schedule.enabled")
                && !cluster && startupReport.due()));
        return new Schedule(state, installationId, cron);
    }

    /**
     * One node's schedule kept on time when its clock goes back ({@link ClockWatch}: one daemon thread, a check a
     * minute), from the Camel context's start to its stop. In cluster mode the trigger's fire time is the cluster's,
     * in the shared database, and is left alone.
     */
    private static void watchTheClock(Wiring wiring) throws Exception {
        ClockWatch watch = new ClockWatch(new ClockJumps(wiring.clock(), System::nanoTime),
                () -> wiring.context().getComponent("quartz", QuartzComponent.class).getScheduler(),
                TriggerKey.triggerKey(TRIGGER_NAME, TRIGGER_GROUP), wiring.clock());
        wiring.context().addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                watch.start();
            }

            @Override
            protected void doStop() {
                watch.close();
            }
        });
    }

    /**
     * The JVM's time zone, in which Quartz computes the cron, recorded for {@code status} ({@link ScheduleZone}); a
     * data directory that cannot take it is one WARN line, and the schedule goes on.
     */
    private static void recordTheZone(StateStore state) {
        try {
            ScheduleZone.record(state, TimeZone.getDefault());
        } catch (RuntimeException e) {
            Wiring.LOG.warn("Schedule: the time zone {} cannot be recorded for status in {} ({}); status computes the"
                    + " next run in its own", TimeZone.getDefault().getID(), state.where(ScheduleZone.NAME),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * The cluster's shared database: every wait for it ends after the longer of the login timeout and the check-in
     * interval.
     */
    private static ClusterDatabase clusterDatabase(Settings settings) {
        String url = settings.string("ceip.cluster.database.url");
        Duration loginTimeout = settings.duration("ceip.database.login-timeout");
        Duration checkin = settings.duration("ceip.cluster.checkin-interval");
        return new ClusterDatabase(new DriverManagerDataSource(url,
                settings.optional("ceip.cluster.database.user").orElse(null),
                settings.optional("ceip.cluster.database.password").orElse(null), (int) loginTimeout.toSeconds()),
                url, checkin.compareTo(loginTimeout) > 0 ? checkin : loginTimeout);
    }

    /**
     * One sender per cluster ({@code ceip.cluster.enabled}): Quartz on a clustered JDBC job store in the shared
     * database ({@code ceip.cluster.database.*}, by default the product database), and the installation's values kept
     * there too. The start-up report is off: the cluster's schedule alone sends. Quartz makes the job of a fire only
     * when it is the report's ({@link OwnJob}): the job store's rows are anyone's who can write the shared database.
     */
    private static StateStore cluster(Wiring wiring, ClusterDatabase shared) throws Exception {
        Settings settings = wiring.settings();
        String nodeId = settings.optional("ceip.cluster.node-id").filter(id -> !id.isBlank())
                .map(QuartzCluster::instanceId).orElseGet(QuartzCluster::defaultNodeId);
        try {
            Map<String, Object> quartz = new LinkedHashMap<>(
                    QuartzCluster.prepare(shared, nodeId, settings.duration("ceip.cluster.checkin-interval")));
            // the report's job as camel-quartz makes it for ceip-schedule (stateful): named after its trigger
            quartz.putAll(OwnJob.properties(TRIGGER_GROUP, TRIGGER_NAME, StatefulCamelJob.class));
            wiring.context().getComponent("quartz", QuartzComponent.class).setProperties(quartz);
            Wiring.LOG.info("Cluster mode: node {} shares the schedule and the installation ID through {}", nodeId,
                    shared);
            return new JdbcStateStore(shared).ensureTable();
        } catch (SQLException e) {
            throw unusable(shared, e);
        }
    }

    /**
     * One line, and the agent stops: without its job store no node could fire, and a service manager restarts the
     * agent (the product database's failures, by contrast, leave the schedule going).
     */
    private static IllegalStateException unusable(ClusterDatabase shared, SQLException e) {
        return new IllegalStateException("ceip.cluster.database.url (" + shared.describe() + "): cannot prepare the"
                + " cluster database (" + e.getClass().getSimpleName() + ", SQLSTATE " + DatabaseAdvice.state(e)
                + "); the agent stops");
    }
}
