package io.ceip.agent.report;

/**
 * An inventory query or file returned another form than its part declares (another number of columns, a column
 * the licence does not have, more than one licence row, a file that is not a list or an object): nothing of it is
 * reported, and the report names the part with reason {@value FailureReason#UNEXPECTED_SHAPE}. Never the value.
 */
public final class InventoryShapeException extends Exception {

    public InventoryShapeException() {
        super("the inventory source returned another form than declared", null, false, false);
    }
}
