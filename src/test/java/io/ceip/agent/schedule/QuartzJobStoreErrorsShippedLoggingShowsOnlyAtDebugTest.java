package io.ceip.agent.schedule;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.JobPersistenceException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped log configuration ({@code log4j2.properties}) during a cluster database outage: Quartz's job store and
 * its error listener log ERRORs with stack traces (as they did in review s19); the console shows those outage records
 * only when {@code ceip.log.level} is DEBUG, and then as DEBUG. The agent's own lines are unchanged, and so are
 * Quartz's records no agent line stands in for (review s20 cluster H3: the rewrite demoted every one of them): the
 * WARN that another node recovered this live node's fires and the ERROR that leaves the report trigger in ERROR state
 * show at their level whatever {@code ceip.log.level}.
 */
class QuartzJobStoreErrorsShippedLoggingShowsOnlyAtDebugTest {

    @ParameterizedTest(name = "ceip.log.level={0}")
    @ValueSource(strings = { "", "DEBUG" })
    void quartzsErrorsWithStackTracesReachTheConsoleOnlyAtDebug(String level) throws Exception {
        String console = logThroughTheShippedConfiguration(level);

        assertThat(console).contains("WARN  [main] ClusterOutage - the agent's own line");
        assertThat(console).as("kept at their level").contains(
                "WARN  [main] JobStoreTX - This scheduler instance (node-a) is still active but was recovered",
                "ERROR [main] JobStoreTX - Error retrieving job, setting trigger state to ERROR.",
                "Caused by: java.lang.ClassNotFoundException: ceip.Gone");
        assertThat(console.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
                .as("no outage record at WARN or ERROR").hasSize(3);
        if (level.isEmpty()) {
            assertThat(console).doesNotContain("Error managing cluster", "Error handling misfires", "Error returning",
                    "rollback", "closing Connection", "Failed to close", "scanning for", "firing triggers",
                    "JobStoreSupport$", "The connection attempt failed");
        } else {
            assertThat(console).contains("DEBUG [main] JobStoreTX - ClusterManager: Error managing cluster",
                    "DEBUG [main] JobStoreTX - MisfireHandler: Error handling misfires",
                    "DEBUG [main] JobStoreTX - Error returning lock",
                    "DEBUG [main] JobStoreTX - Couldn't rollback jdbc connection",
                    "DEBUG [main] JobStoreTX - Failed to close Connection",
                    "DEBUG [main] JobStoreTX - Unexpected exception closing Connection",
                    "DEBUG [main] ErrorLogger - An error occurred while scanning",
                    "DEBUG [main] ErrorLogger - An error occurred while firing triggers",
                    "DEBUG [main] ErrorLogger - An error occurred while org.quartz.impl.jdbcjobstore.JobStoreSupport$",
                    "\tat ");
        }
    }

    /**
     * Logs through the shipped configuration with its console appender written to a file instead (same name, same
     * layout, same routing): a console appender's stream is shared by every logger context of the JVM, so one test
     * that redirected {@code System.out} earlier would leave it pointing at a dead buffer.
     */
    private static String logThroughTheShippedConfiguration(String level) throws Exception {
        Path console = Files.createTempFile("shipped-console", ".log");
        String shipped;
        try (InputStream in = QuartzCluster.class.getResourceAsStream("/log4j2.properties")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(shipped).contains("appender.console.type = Console\n", "appender.console.target = ");
        // a File appender has no target: left in, log4j says so in a status ERROR on every run
        String toFile = shipped.replaceFirst("appender\\.console\\.target = [^\n]*\n", "").replace(
                "appender.console.type = Console\n",
                "appender.console.type = File\nappender.console.fileName = " + console.toString().replace("\\", "/")
                        + "\nappender.console.immediateFlush = true\n");
        String previous = System.getProperty("ceip.log.level");
        if (level.isEmpty()) {
            System.clearProperty("ceip.log.level");
        } else {
            System.setProperty("ceip.log.level", level);
        }
        LoggerContext context = new LoggerContext("shipped-" + System.nanoTime());
        try {
            context.start(new PropertiesConfigurationFactory().getConfiguration(context, new ConfigurationSource(
                    new ByteArrayInputStream(toFile.getBytes(StandardCharsets.UTF_8)))));
            Exception outage = new JobPersistenceException("Failed to obtain DB connection",
                    new SQLException("The connection attempt failed.", "08001"));
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX")
                    .error("ClusterManager: Error managing cluster: " + outage.getMessage(), outage);
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX")
                    .error("MisfireHandler: Error handling misfires: " + outage.getMessage(), outage);
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX")
                    .error("Error returning lock: " + outage.getMessage(), outage);
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX")
                    .error("Couldn't rollback jdbc connection. " + outage.getMessage(), outage);
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX").error("Failed to close Connection", outage);
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX").error("Unexpected exception closing"
                    + " Connection.  This is often due to a Connection being returned after or during shutdown.",
                    outage);
            context.getLogger("org.quartz.core.ErrorLogger")
                    .error("An error occurred while scanning for the next triggers to fire.", outage);
            context.getLogger("org.quartz.core.ErrorLogger")
                    .error("An error occurred while firing triggers '[ceip.report]'", outage);
            context.getLogger("org.quartz.core.ErrorLogger")
                    .error("An error occurred while org.quartz.impl.jdbcjobstore.JobStoreSupport$41@1b2c3d", outage);
            // records no agent line stands in for (Quartz 2.5.2 JobStoreSupport, WARN and ERROR)
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX").warn("This scheduler instance (node-a) is"
                    + " still active but was recovered by another instance in the cluster.  This may cause"
                    + " inconsistent behavior.");
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX").error(
                    "Error retrieving job, setting trigger state to ERROR.", new JobPersistenceException(
                            "Couldn't retrieve job because a required class was not found",
                            new ClassNotFoundException("ceip.Gone")));
            context.getLogger("io.ceip.agent.schedule.ClusterOutage").warn("the agent's own line");
        } finally {
            context.stop();
            restore("ceip.log.level", previous);
        }
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } finally {
            Files.delete(console);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
