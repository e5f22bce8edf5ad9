package io.ceip.agent;

/** Entry point of the runnable jar: {@code java -jar ceip-agent.jar [run|preview|export FILE|status|--help|--version]}. */
public final class CeipAgent {

    private CeipAgent() {
    }

    public static void main(String[] args) {
        System.exit(AgentCommand.execute(args));
    }
}
