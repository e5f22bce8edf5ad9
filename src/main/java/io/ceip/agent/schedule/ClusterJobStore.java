package io.ceip.agent.schedule;

import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's JDBC job store as the cluster uses it: every call that needs the shared database (a check-in, the
 * misfire scan, acquiring, firing and completing triggers, scheduling) tells {@link ClusterOutage} whether it got an
 * answer, so an outage is said in one WARN line and its end in one INFO line. Quartz's own records keep Quartz's
 * logger name ({@code org.quartz.impl.jdbcjobstore.JobStoreTX}).
 */
public class ClusterJobStore extends JobStoreTX {

    private static final Logger QUARTZ_LOG = LoggerFactory.getLogger(JobStoreTX.class);

    private final ClusterOutage outage = new ClusterOutage();

    /** Quartz property {@code org.quartz.jobStore.clusterDatabase}: the database as the log names it. */
    public void setClusterDatabase(String database) {
        outage.database(database);
    }

    @Override
    protected Logger getLog() {
        return QUARTZ_LOG;
    }

    @Override
    protected boolean doCheckin() throws JobPersistenceException {
        return watched("check-in", super::doCheckin);
    }

    @Override
    protected RecoverMisfiredJobsResult doRecoverMisfires() throws JobPersistenceException {
        return watched("misfire scan", super::doRecoverMisfires);
    }

    @Override
    protected <T> T executeInNonManagedTXLock(String lockName, TransactionCallback<T> txCallback,
            TransactionValidator<T> txValidator) throws JobPersistenceException {
        return watched(lockName == null ? ClusterOutage.READ : ClusterOutage.LOCKED + lockName,
                () -> super.executeInNonManagedTXLock(lockName, txCallback, txValidator));
    }

    /** A job-store call whose end ClusterOutage hears of: answered, or failed (then thrown on as it was). */
    private <T> T watched(String call, StoreCall<T> body) throws JobPersistenceException {
        try {
            T result = body.run();
            outage.answered(call);
            return result;
        } catch (JobPersistenceException | RuntimeException e) {
            outage.failed(call, e);
            throw e;
        }
    }

    /** A call of the job store. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws JobPersistenceException;
    }
}
