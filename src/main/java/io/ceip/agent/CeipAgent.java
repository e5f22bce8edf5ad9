package io.ceip.agent;

/** Entry point of the runnable jar: {@code java -jar ceip-agent.jar [run|preview|export FILE|status|consent LEVEL|--help|--version]}. */
public final class CeipAgent {

    private CeipAgent() {
    }

    /**
     * Runs the command and exits with its code. A stop by SIGTERM (or SIGINT) is an orderly stop: camel-main's hangup
     * interceptor stops the agent, {@code run} returns 0, and the process exits 0 — not the JVM's 143 (130), which it
     * would report after running its shutdown hooks.
     */
    public static void main(String[] args) {
        int code = AgentCommand.execute(args);
        if (shuttingDown()) {
            // the JVM is already exiting on a signal: exit() would wait for its hooks and keep the signal's status
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** Whether the JVM's shutdown has begun (a signal, or an exit elsewhere). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
