package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.config.Settings;
import io.ceip.agent.delivery.Destination;
import io.ceip.agent.files.DataDirectoryChoice;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.ops.RejectedRequeue;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.StoreOwnership;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code requeue}: puts the reports the collector rejected back to pending, as the JMX operation
 * {@code requeueRejected} does ({@link RejectedRequeue}: each one recorded in the ledger as {@code REQUEUED}), from
 * the settings and the dead-letter store alone (no Camel start, no network, no database). They are sent again by the
 * next replay of a running agent or the next {@code send}. Prints one line saying how many; exit code 0, or 1 with one
 * line on stderr when a setting is bad or the store cannot be written, and 1 when a report stays as it was (its body
 * cannot be read, it cannot be deleted: the line says how many). Nothing is created when there is nothing to
 * requeue. {@code requeue --discard} deletes them instead ({@link RejectedRequeue#discard}); {@code --customer} acts on
 * the copies the customer's own endpoint refused, in its store and ledger.
 */
@Command(name = "requeue", mixinStandardHelpOptions = true, description = "Put the reports the collector rejected"
        + " (a wrong token: HTTP 401) back to pending once the cause is fixed, as the JMX operation requeueRejected"
        + " does; sent again by the next replay or send, each recorded in the ledger. 0 done, 1 failed.")
final class RequeueCommand implements Callable<Integer> {

    @Option(names = "--discard", description = "Delete the rejected reports instead, each recorded in the ledger as"
            + " DISCARDED: for a report the collector will never take (what it holds is refused, such as a product"
            + " name its token is not for)")
    boolean discard;

    @Option(names = "--customer", description = "The copies refused by the customer's own endpoint"
            + " (ceip.customer-endpoint.*, its store and ledger under ceip.customer-endpoint.directory) instead of"
            + " the vendor's reports")
    boolean customer;

    @Override
    public Integer call() {
        OneShot.quietLogs();
        Settings settings = AgentSettings.load(Map.of()).settings();
        // another user's agent keeps its state there: entries this command rewrote would be this user's, never sent
        DataDirectoryChoice.requireWriter(settings.path("ceip.data.directory"), "ceip.data.directory");
        Clock clock = Clock.systemUTC();
        Path customerDirectory = settings.path("ceip.customer-endpoint.directory");
        Path directory = customer ? customerDirectory.resolve("dead-letter")
                : settings.path("ceip.dead-letter.directory");
        // as the agent's start: never through a link (it read and rewrote the entries wherever one pointed)
        OwnerOnlyFiles.requireOwnDirectory(directory, customer ? "ceip.customer-endpoint.directory's dead-letter/"
                : "ceip.dead-letter.directory");
        DeadLetterStore store = new DeadLetterStore(directory, ObjectMapper::new, clock);
        // beside the running agent: a report it works on at that moment is left to it (nothing made without a store)
        try (StoreOwnership ownership = Files.isDirectory(directory) ? StoreOwnership.take(directory, null)
                : StoreOwnership.sole()) {
            DeliveryLedger ledger = OutboxConfiguration.ledger(settings, customer ? customerDirectory
                    : settings.path("ceip.data.directory"), customer ? Destination.CUSTOMER : Destination.VENDOR, clock);
            RejectedRequeue rejected = new RejectedRequeue(new DeliveryQueue(store, new AgentStatus(), 1, clock,
                    ownership), ledger, settings.number("ceip.report.max-bytes"));
            RejectedRequeue.Answer answer = discard ? rejected.discarded("the requeue --discard command")
                    : rejected.requeued("the requeue command");
            System.out.println(answer.line());
            return answer.complete() ? 0 : 1; // a report left as it was (see the log) is no success
        }
    }
}
