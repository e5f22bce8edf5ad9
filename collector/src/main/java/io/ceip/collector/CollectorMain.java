package io.ceip.collector;

import java.util.Map;

import org.slf4j.LoggerFactory;

/**
 * {@code java -jar target/ceip-collector.jar}, run in {@code collector/}: one node with the settings of
 * {@code config/application.properties} (the single-node form unless they say otherwise). A setting that is wrong
 * stops it with one line naming the key. {@code ... quarantine [list | resend ID... | resend --all]}: the operator's
 * tool for the quarantined Kafka records ({@link QuarantineCommand}), with the same settings; any other argument is
 * refused with one line (exit code 2).
 */
public final class CollectorMain {

    private CollectorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && !(args.length == 1 && args[0].equals("run"))) {
            System.exit(command(args));
            return;
        }
        Collector collector;
        try {
            collector = Collector.create(Map.of());
        } catch (IllegalArgumentException e) {
            System.err.println("ceip-collector: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            // what no check foresaw: one line still, the stack trace at DEBUG
            LoggerFactory.getLogger(CollectorMain.class).debug("the start failed", e);
            System.err.println("ceip-collector: the start failed: " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            System.exit(1);
            return;
        }
        collector.run();
    }

    /** A command other than the node's start: its exit code, a failure in one line on stderr. */
    static int command(String[] args) {
        if (!args[0].equals("quarantine")) {
            System.err.println("ceip-collector: not a command: " + io.ceip.collector.store.ReportStore.printable(
                    args[0]) + " (run, or " + QuarantineCommand.USAGE.substring(7) + ")");
            return 2;
        }
        try {
            return QuarantineCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), Map.of(), System.out,
                    System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("ceip-collector: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            LoggerFactory.getLogger(CollectorMain.class).debug("the command failed", e);
            System.err.println("ceip-collector: quarantine failed: " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return 1;
        }
    }
}
