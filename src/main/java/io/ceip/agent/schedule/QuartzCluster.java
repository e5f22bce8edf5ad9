package io.ceip.agent.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * One sender per cluster: the Quartz scheduler of every node runs on a clustered JDBC job store in a database the
 * nodes share, so each fire time of the report trigger is taken by exactly one node, and a node that stops checking
 * in (every {@code checkinInterval}) is declared failed and its triggers taken over by another. The job store uses the
 * agent's own non-pooling {@link DataSource} (a connection per job-store operation, none held between them: no pool
 * of the host product, no idle connections), registered with Quartz as {@value #DATA_SOURCE}: in the agent a
 * {@link ClusterDatabase}, whose every wait for the server ends. The job store ({@link ClusterJobStore}) says in one
 * line when the database stops answering and when it answers again.
 */
public final class QuartzCluster {

    public static final String DATA_SOURCE = "ceipCluster";
    public static final String SCHEDULER_NAME = "ceip-agent";
    /** The longest node name: Quartz's instance names hold 190 characters on MySQL, the suffix takes 9. */
    static final int MAX_NAME = 181;

    private QuartzCluster() {
    }

    /**
     * A node ID unique among running nodes: {@code node-<process ID>-<random>}. Not the host name: the agent never asks
     * the system for it (an administrator who wants it in the cluster's logs sets {@code ceip.cluster.node-id}).
     */
    public static String defaultNodeId() {
        return instanceId("node-" + ProcessHandle.current().pid());
    }

    /**
     * The Quartz instance ID of a node named {@code name} ({@code ceip.cluster.node-id}): the name and a random
     * suffix of this start ({@code a-1f2e3d4c}). Quartz takes a row of its own instance ID in the scheduler state for
     * a dead predecessor's and runs that row's fires again: two running nodes given one name (a copied
     * configuration) would re-run each other's fire (review s20 cluster M1); with the suffix they never share an ID,
     * and a node restarted after a crash is a new instance whose predecessor's fires are recovered as any dead
     * node's. A name longer than {@value #MAX_NAME} characters is refused (Quartz's instance names hold 190 on MySQL:
     * every check-in failed, and the node never fired).
     */
    public static String instanceId(String name) {
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("ceip.cluster.node-id is " + name.length() + " characters long: at most "
                    + MAX_NAME + " (the job store keeps it with a suffix of 9 in 190)");
        }
        return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Prepares the shared database (Quartz's tables and the state table, created if absent), registers the data
     * source with Quartz and returns the Quartz properties for node {@code nodeId}.
     */
    public static Map<String, Object> prepare(DataSource dataSource, String nodeId, Duration checkinInterval)
            throws SQLException {
        QuartzTables.Engine engine;
        try (Connection connection = dataSource.getConnection()) {
            engine = QuartzTables.engine(connection);
            QuartzTables.ensure(connection, engine);
        }
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // nothing is held
            }

            @Override
            public void initialize() {
                // nothing to set up
            }
        });
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        properties.put("org.quartz.scheduler.instanceId", nodeId);
        properties.put("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        properties.put("org.quartz.threadPool.threadCount", "1");
        properties.put("org.quartz.jobStore.class", ClusterJobStore.class.getName());
        properties.put("org.quartz.jobStore.clusterDatabase",
                dataSource instanceof ClusterDatabase database ? database.describe() : dataSource.toString());
        properties.put("org.quartz.jobStore.driverDelegateClass", engine.delegate());
        properties.put("org.quartz.jobStore.dataSource", DATA_SOURCE);
        properties.put("org.quartz.jobStore.tablePrefix", QuartzTables.PREFIX);
        properties.put("org.quartz.jobStore.isClustered", "true");
        properties.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
        properties.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return properties;
    }
}
