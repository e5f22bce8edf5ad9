package io.ceip.agent.schedule;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.spi.ClassLoadHelper;

/**
 * Quartz's JDBC driver delegate for the cluster's job store (PostgreSQL, MariaDB, MySQL), reading the serialized
 * values of Quartz's tables (a job's and a trigger's data map) through a filter. Quartz reads them with a plain
 * {@link ObjectInputStream}: a row any account writing the shared database put there, holding an object of any class
 * of the agent's class path, would run that class's deserialization code on every node loading it (a gadget chain).
 * Only a {@link org.quartz.JobDataMap} of strings is read, as Camel's quartz component and Quartz's recovery write
 * it; any other class, or a stream past {@value #MAX_BYTES} bytes, depth {@value #MAX_DEPTH} or
 * {@value #MAX_REFERENCES} references (or a HashMap's table sized past that), is refused before it is instantiated ({@link java.io.InvalidClassException}:
 * Quartz then takes that job or trigger for one it cannot load, and the report's own go on). The values are read as
 * bytes, as Quartz's {@code PostgreSQLDelegate} reads them, which MariaDB's and MySQL's drivers give for a BLOB too;
 * they are written as Quartz writes them. A job row whose class cannot be loaded as a job (no such class, not a
 * {@link org.quartz.Job}) is read as {@link OwnJob.Unloadable}, the row's class name in its data map
 * ({@link OwnJob#ROW_CLASS}): Quartz's job store would otherwise set the row's trigger to ERROR (the report's own: no
 * fire ever again) with a stack trace; now the job factory refuses the fire in its one line ({@link OwnJob}) and the
 * trigger fires on.
 */
public class ClusterJdbcDelegate extends StdJDBCDelegate {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 8;
    static final int MAX_REFERENCES = 10_000;
    private static final Set<String> READ = Set.of("org.quartz.JobDataMap", "org.quartz.utils.StringKeyDirtyFlagMap",
            "org.quartz.utils.DirtyFlagMap", "java.util.HashMap", "[Ljava.util.Map$Entry;", "java.lang.String");
    private static final ObjectInputFilter JOB_DATA = info -> {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.streamBytes() > MAX_BYTES
                || info.arrayLength() > MAX_REFERENCES) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        return type == null || READ.contains(type.getName()) ? ObjectInputFilter.Status.UNDECIDED
                : ObjectInputFilter.Status.REJECTED;
    };

    @Override
    protected Object getObjectFromBlob(ResultSet rs, String colName)
            throws ClassNotFoundException, IOException, SQLException {
        byte[] bytes = rs.getBytes(colName);
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(JOB_DATA);
            return in.readObject();
        }
    }

    @Override
    protected Object getJobDataFromBlob(ResultSet rs, String colName)
            throws ClassNotFoundException, IOException, SQLException {
        if (canUseProperties()) {
            byte[] bytes = rs.getBytes(colName);
            return bytes == null || bytes.length == 0 ? null : new ByteArrayInputStream(bytes);
        }
        return getObjectFromBlob(rs, colName);
    }

    @Override
    public JobDetail selectJobDetail(Connection conn, JobKey jobKey, ClassLoadHelper loadHelper)
            throws ClassNotFoundException, IOException, SQLException {
        JobClasses classes = new JobClasses(loadHelper);
        return classes.marked(super.selectJobDetail(conn, jobKey, classes));
    }

    @Override
    public JobDetail selectJobForTrigger(Connection conn, ClassLoadHelper loadHelper, TriggerKey triggerKey,
            boolean loadJobClass) throws ClassNotFoundException, SQLException, IOException {
        JobClasses classes = new JobClasses(loadHelper);
        return classes.marked(super.selectJobForTrigger(conn, classes, triggerKey, loadJobClass));
    }
}
