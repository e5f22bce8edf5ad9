package io.ceip.agent.schedule;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * its error listener log ERRORs with stack traces (as they did in review s19); the console shows them only when
 * {@code ceip.log.level} is DEBUG, and then as DEBUG. The agent's own lines are unchanged.
 */
class QuartzJobStoreErrorsShippedLoggingShowsOnlyAtDebugTest {

    @ParameterizedTest(name = "ceip.log.level={0}")
    @ValueSource(strings = { "", "DEBUG" })
    void quartzsErrorsWithStackTracesReachTheConsoleOnlyAtDebug(String level) throws Exception {
        String console = logThroughTheShippedConfiguration(level);

        assertThat(console).contains("WARN  [main] ClusterOutage - the agent's own line");
        if (level.isEmpty()) {
            assertThat(console).doesNotContain("Error managing cluster", "Error handling misfires", "\tat ",
                    "ERROR");
        } else {
            assertThat(console).contains("DEBUG [main] JobStoreTX - ClusterManager: Error managing cluster",
                    "DEBUG [main] ErrorLogger - An error occurred while scanning", "\tat ").doesNotContain("ERROR");
        }
    }

    private static String logThroughTheShippedConfiguration(String level) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String previous = System.getProperty("ceip.log.level");
        if (level.isEmpty()) {
            System.clearProperty("ceip.log.level");
        } else {
            System.setProperty("ceip.log.level", level);
        }
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        URI shipped = QuartzCluster.class.getResource("/log4j2.properties").toURI();
        LoggerContext context = new LoggerContext("shipped-" + System.nanoTime());
        try {
            context.start(new PropertiesConfigurationFactory().getConfiguration(context,
                    ConfigurationSource.fromUri(shipped)));
            Exception outage = new JobPersistenceException("Failed to obtain DB connection",
                    new SQLException("The connection attempt failed.", "08001"));
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX")
                    .error("ClusterManager: Error managing cluster: " + outage.getMessage(), outage);
            context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX")
                    .error("MisfireHandler: Error handling misfires: " + outage.getMessage(), outage);
            context.getLogger("org.quartz.core.ErrorLogger")
                    .error("An error occurred while scanning for the next triggers to fire.", outage);
            context.getLogger("io.ceip.agent.schedule.ClusterOutage").warn("the agent's own line");
        } finally {
            context.stop();
            System.setOut(out);
            if (previous == null) {
                System.clearProperty("ceip.log.level");
            } else {
                System.setProperty("ceip.log.level", previous);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
