package io.ceip.agent.ops;

import io.ceip.agent.delivery.Outcome;

import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import picocli.CommandLine.Command;

/**
 * {@code ceip-agent send}: starts the agent without its schedule, runs one report cycle, replays the due dead letters
 * (unless the cycle did already, after a 2xx, or found the collector unreachable or consent off), stops, prints one
 * line saying what happened to the report and to the kept reports re-sent ({@link SendAnswer}) and exits with its code: 0 delivered, 3 stored for
 * retry, 4 rejected, 5 nothing sent because consent is off, 6 not sent for another reason (invalid, too big), 1 the
 * agent could not start (one line on stderr).
 */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Collect and deliver one report now, then"
        + " exit: 0 delivered, 3 stored for retry, 4 rejected, 5 consent off, 6 not sent (reason printed), 1 failed to"
        + " start. Logs go to stderr.")
public final class SendCommand implements Callable<Integer> {

    /** Starts the agent for a one-shot command, runs the task with its context, and stops it. */
    @FunctionalInterface
    public interface Agent {
        int run(Task task) throws Exception;
    }

    /** What runs while the agent is started. */
    @FunctionalInterface
    public interface Task {
        int run(CamelContext context) throws Exception;
    }

    /** Outcomes after which a replay would be pointless: done already, collector unreachable, consent off. */
    private static final Set<Outcome> NO_REPLAY = Set.of(Outcome.DELIVERED, Outcome.RETRY, Outcome.CONSENT_OFF,
            Outcome.WITHDRAWN);

    private final Agent agent;

    public SendCommand(Agent agent) {
        this.agent = agent;
    }

    @Override
    public Integer call() throws Exception {
        return agent.run(context -> {
            ProducerTemplate template = context.createProducerTemplate();
            try {
                SendAnswer answer = SendAnswer.of(template.send("direct:ceip-report", exchange -> { }));
                if (answer.outcome().isPresent() && !NO_REPLAY.contains(answer.outcome().get())) {
                    Exchange replay = template.send("direct:ceip-replay-due", exchange -> { });
                    replay.setException(null);
                    answer = answer.withReplay(replay);
                }
                System.out.println(answer.line());
                System.out.flush();
                return answer.exitCode();
            } finally {
                template.stop();
            }
        });
    }
}
