package io.ceip.agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Entry point of the runnable jar: {@code java -jar ceip-agent.jar [run|preview|export FILE|status|consent LEVEL|send|requeue|--help|--version]}. */
public final class CeipAgent {

    /** How long a signal's shutdown waits for the command's own exit code (camel-main's stop timeout is 30 s). */
    private static final long STOP_WAIT_SECONDS = 60;

    private CeipAgent() {
    }

    /**
     * Runs the command and exits with its code. A stop by SIGTERM (or SIGINT) is an orderly stop: camel-main's hangup
     * interceptor stops the agent and {@code run} returns 0, and the process exits 0 — not the JVM's 143 (130), which
     * it would report after running its shutdown hooks: a hook of the agent's waits for the command's code and ends
     * the JVM with it.
     */
    public static void main(String[] args) {
        CountDownLatch done = new CountDownLatch(1);
        int[] code = { 1 };
        Thread exitWithTheCommandsCode = new Thread(() -> {
            try {
                if (done.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(code[0]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ceip-exit-code");
        Runtime.getRuntime().addShutdownHook(exitWithTheCommandsCode);
        code[0] = AgentCommand.execute(args);
        try {
            Runtime.getRuntime().removeShutdownHook(exitWithTheCommandsCode);
        } catch (IllegalStateException shuttingDown) {
            // a signal began the JVM's shutdown: the hook ends it with the command's code
            done.countDown();
            return;
        }
        System.exit(code[0]);
    }
}
