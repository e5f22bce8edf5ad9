package io.ceip.agent.schedule;

import java.io.InputStream;
import java.net.URL;

import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.spi.ClassLoadHelper;

/**
 * Quartz's class loading for one job row of the cluster's job store ({@link ClusterJdbcDelegate}): a class name that
 * cannot be loaded as a {@link Job} (no such class, or a class that is not a job) gives {@link OwnJob.Unloadable}
 * instead of Quartz's {@link ClassNotFoundException} (which sets the row's trigger to ERROR, never firing again, with a
 * stack trace) or its {@link IllegalArgumentException} (a class that is not a job). Classes are looked up as Quartz
 * looks them up (its own helper).
 */
final class JobClasses implements ClassLoadHelper {

    private final ClassLoadHelper quartz;
    private String unloadable;

    JobClasses(ClassLoadHelper quartz) {
        this.quartz = quartz;
    }

    /** {@code job} with the row's class name in its data map ({@link OwnJob#ROW_CLASS}) when it was unloadable. */
    JobDetail marked(JobDetail job) {
        if (job != null && unloadable != null) {
            job.getJobDataMap().put(OwnJob.ROW_CLASS, unloadable);
        }
        return job;
    }

    @Override
    public void initialize() {
        quartz.initialize();
    }

    @Override
    public Class<?> loadClass(String name) {
        return loadClass(name, Job.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Class<? extends T> loadClass(String name, Class<T> clazz) {
        try {
            Class<?> loaded = quartz.loadClass(name);
            if (Job.class.isAssignableFrom(loaded) && clazz.isAssignableFrom(loaded)) {
                return (Class<? extends T>) loaded;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // unloadable: read as Unloadable below
        }
        unloadable = name;
        return (Class<? extends T>) OwnJob.Unloadable.class;
    }

    @Override
    public URL getResource(String name) {
        return quartz.getResource(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        return quartz.getResourceAsStream(name);
    }

    @Override
    public ClassLoader getClassLoader() {
        return quartz.getClassLoader();
    }
}
