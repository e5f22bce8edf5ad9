package io.ceip.agent.schedule;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.support.MariaDbEngine;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.impl.jdbcjobstore.DriverDelegate;
import org.quartz.simpl.SimpleClassLoadHelper;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Quartz's job store keeps a job's data as a serialized Java object, and read it back with a plain ObjectInputStream:
 * any account writing the cluster's shared database could put there an object of any class of the agent's class
 * path, whose deserialization runs its code (a gadget chain) on every node that loads the row. Now the job store's
 * driver delegate reads a job data map of strings, as Camel and Quartz's recovery write it, and refuses any other
 * class before it is instantiated; the map Camel stores reads as before. On the real engines.
 */
class ClusterJobDataOfAHostileRowIsNotDeserializedTest {

    /** How many times a {@link Detonator} was deserialized. */
    static final AtomicInteger DETONATED = new AtomicInteger();

    /** A class whose deserialization runs code, as a gadget does. */
    static final class Detonator implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            DETONATED.incrementAndGet();
        }
    }

    static Stream<Arguments> engines() {
        return Stream.of(Arguments.of("postgresql", (Supplier<ProductEngine>) PostgresEngine::seeded),
                Arguments.of("mariadb", (Supplier<ProductEngine>) MariaDbEngine::seeded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aJobDataBlobHoldingAnotherClassIsRefusedUnread(String vendor, Supplier<ProductEngine> seed)
            throws Exception {
        ProductEngine engine = seed.get();
        DataSource shared = new DriverManagerDataSource(engine.url(), engine.adminUser(), engine.adminPassword(), 5);
        Map<String, Object> properties = QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5));
        DriverDelegate delegate = (DriverDelegate) Class.forName(
                (String) properties.get("org.quartz.jobStore.driverDelegateClass")).getDeclaredConstructor()
                .newInstance();
        SimpleClassLoadHelper classes = new SimpleClassLoadHelper();
        delegate.initialize(LoggerFactory.getLogger(getClass()), QuartzTables.PREFIX, "ceip-agent-" + vendor, "node",
                classes, false, null);
        JobDetail camels = JobBuilder.newJob(org.apache.camel.component.quartz.CamelJob.class)
                .withIdentity("report", "ceip").usingJobData("CamelQuartzCamelContextName", "ceip-agent")
                .usingJobData("CamelQuartzEndpoint", "quartz://ceip/report").storeDurably().build();
        try (Connection connection = shared.getConnection()) {
            delegate.insertJobDetail(connection, camels);
            delegate.insertJobDetail(connection, JobBuilder.newJob(org.apache.camel.component.quartz.CamelJob.class)
                    .withIdentity("hostile", "other").storeDurably().build());
            try (PreparedStatement blob = connection.prepareStatement("UPDATE " + QuartzTables.PREFIX + "JOB_DETAILS"
                    + " SET JOB_DATA = ? WHERE JOB_NAME = 'hostile'")) {
                blob.setBytes(1, serialized(new java.util.HashMap<>(Map.of("payload", new Detonator()))));
                assertThat(blob.executeUpdate()).isEqualTo(1);
            }

            assertThat(delegate.selectJobDetail(connection, new JobKey("report", "ceip"), classes).getJobDataMap())
                    .as("the job data Camel stores reads as before").containsEntry("CamelQuartzCamelContextName",
                            "ceip-agent").containsEntry("CamelQuartzEndpoint", "quartz://ceip/report");
            DETONATED.set(0);
            Throwable refused = catchThrowable(() -> delegate.selectJobDetail(connection, new JobKey("hostile", "other"),
                    classes));
            assertThat(DETONATED).as("the hostile object is never instantiated").hasValue(0);
            assertThat(refused).isInstanceOf(java.io.InvalidClassException.class);
        }
    }

    private static byte[] serialized(Object value) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
