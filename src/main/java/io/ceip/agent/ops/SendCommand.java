package io.ceip.agent.ops;

import io.ceip.agent.delivery.CopyHandOff;
import io.ceip.agent.delivery.Destination;
import io.ceip.agent.delivery.Destinations;
import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.report.ReportSteps;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code ceip-agent send}: starts the agent without its schedule, runs one report cycle, replays the due dead letters
 * (unless the cycle did already, after a 2xx, or found the collector unreachable or consent undecided; at consent off
 * the replay deletes them unsent, sending nothing, the customer destination's copies too; beside the running
 * agent, which owns the store, none: its kept reports are left to it), stops, prints one
 * line saying what happened to the report and to the kept reports re-sent ({@link SendAnswer}) and exits with its code: 0 delivered, 3 stored for
 * retry, 4 rejected, 5 nothing sent because consent is off, 6 not sent for another reason (invalid, too big, not
 * delivered and no longer stored), 1 the
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

    /**
     * Outcomes after which a replay would be pointless: done already, collector unreachable, consent withdrawn from
     * this report on (its replay deleted the kept ones: ceip-deliver). At consent off the replay runs: the kept
     * reports are deleted unsent there (the consent gate of ceip-send; no connection is made), so that with no agent
     * running (the daily timer) a withdrawal does not leave them on disk; not while consent is undecided.
     */
    private static final Set<Outcome> NO_REPLAY = Set.of(Outcome.DELIVERED, Outcome.RETRY, Outcome.WITHDRAWN);

    /** How long {@code send} waits for the events spool to be read before it reports, in seconds. */
    static final int SPOOL_WAIT_SECONDS = 20;

    private final Agent agent;

    public SendCommand(Agent agent) {
        this.agent = agent;
    }

    @Override
    public Integer call() throws Exception {
        return agent.run(context -> {
            ProducerTemplate template = context.createProducerTemplate();
            try {
                awaitSpool(context);
                Exchange cycle = template.send("direct:ceip-report", exchange -> { });
                Optional<Outcome> outcome = SendAnswer.of(cycle).outcome();
                ConsentDecision consent = cycle.getProperty(ReportSteps.CONSENT, ConsentDecision.class);
                Exchange replay = null;
                Optional<Exchange> copies = Optional.empty();
                if (outcome.isPresent() && !NO_REPLAY.contains(outcome.get())
                        && (consent == null || !consent.undecided())) {
                    replay = template.send("direct:ceip-replay-due", exchange -> { });
                    replay.setException(null);
                    if (outcome.get() == Outcome.CONSENT_OFF) { // the customer's copies too
                        copies = CopiesReplay.run(template);
                    }
                }
                finishCopies(context);
                Destinations destinations = context.getRegistry().lookupByNameAndType("destinations",
                        Destinations.class);
                SendAnswer answer = SendAnswer.of(cycle, lostAsItEnds(Optional.ofNullable(destinations)
                        .map(Destinations::vendor))); // said once memory is let go
                answer = replay == null ? answer : answer.withReplay(replay);
                answer = copies.map(answer::withCopiesReplay).orElse(answer);
                answer = answer.withCopiesLost(lostAsItEnds(Optional.ofNullable(destinations)
                        .flatMap(Destinations::customer)).size());
                System.out.println(answer.line());
                System.out.flush();
                return answer.exitCode();
            } finally {
                template.stop();
            }
        });
    }

    /**
     * What this process kept in memory for {@code destination} while its dead-letter store could not be written ends
     * with it: moved to disk if the store can be written now, else let go, each lost in one WARN line and counted;
     * returns the IDs of those lost. Each destination apart: the customer's copy has the report's ID, and its loss is
     * not the vendor's report's.
     */
    private static Set<String> lostAsItEnds(Optional<Destination> destination) {
        return destination.map(to -> Set.copyOf(to.queue().letGoOfMemory())).orElse(Set.of());
    }

    /**
     * The customer destination's copy of this report, on a thread of its own ({@link CopyHandOff}), ends before
     * {@code send} lets its memory go: a copy its store could not take is then said lost, not carried away unsaid.
     * Waited for as long as the runtime's own stop would wait for it (its shutdown timeout).
     */
    private static void finishCopies(CamelContext context) throws InterruptedException {
        CopyHandOff copies = context.getRegistry().lookupByNameAndType("ceipCopyHandOff", CopyHandOff.class);
        Duration patience = Duration.ofMillis(context.getShutdownStrategy().getTimeUnit()
                .toMillis(context.getShutdownStrategy().getTimeout()));
        if (copies != null && !copies.finish(patience)) {
            LoggerFactory.getLogger(SendCommand.class).warn("The customer's copy is still on its way after {} s;"
                    + " the agent's stop ends it (kept in the customer's store if it can be written)",
                    patience.toSeconds());
        }
    }

    /**
     * The product events spooled when {@code send} started go with its report: it waits for the spool's route
     * ({@code ceip-events}, when it runs here) to read the spool to its end, at most {@value #SPOOL_WAIT_SECONDS} s.
     */
    private static void awaitSpool(CamelContext context) throws InterruptedException {
        EventSpoolPoll poll = context.getRegistry().lookupByNameAndType("eventSpoolPoll", EventSpoolPoll.class);
        ServiceStatus route = context.getRouteController().getRouteStatus("ceip-events");
        if (poll != null && route != null && route.isStarted()
                && !poll.awaitCaughtUp(Duration.ofSeconds(SPOOL_WAIT_SECONDS))) {
            // the logger is asked for here, not at class load: the command line makes this class before logging is set
            LoggerFactory.getLogger(SendCommand.class).warn("Events: the spool was not read to its end within {} s;"
                    + " the rest goes with the next report", SPOOL_WAIT_SECONDS);
        }
    }
}
