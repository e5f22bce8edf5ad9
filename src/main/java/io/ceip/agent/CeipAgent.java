package io.ceip.agent;

import picocli.CommandLine;

/** Entry point of the runnable jar: {@code java -jar ceip-agent.jar [run|preview|--help|--version]}. */
public final class CeipAgent {

    private CeipAgent() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }
}
