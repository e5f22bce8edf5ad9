package io.ceip.agent.report;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/** The collection's turn one report holds ({@link OneReportAtATime}): given back at its commit or when it is done. */
final class Turn extends SynchronizationAdapter implements Runnable {

    private final Runnable giveBack;

    Turn(Runnable giveBack) {
        this.giveBack = giveBack;
    }

    /** Gives the turn back (once, however often it is called). */
    @Override
    public void run() {
        giveBack.run();
    }

    @Override
    public void onDone(Exchange exchange) {
        giveBack.run();
    }
}
