package io.ceip.agent.collect;

import java.sql.SQLTimeoutException;

/** The whole-collection time budget ({@code ceip.collect.budget}) is spent: no further query is started. */
public final class CollectionBudgetExceededException extends SQLTimeoutException {

    public CollectionBudgetExceededException() {
        super("the collection budget is spent");
    }
}
