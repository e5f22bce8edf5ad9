package io.ceip.collector;

import java.util.Map;

import org.slf4j.LoggerFactory;

/**
 * {@code java -jar target/ceip-collector.jar}, run in {@code collector/}: one node with the settings of
 * {@code config/application.properties} (the single-node form unless they say otherwise). A setting that is wrong
 * stops it with one line naming the key.
 */
public final class CollectorMain {

    private CollectorMain() {
    }

    public static void main(String[] args) throws Exception {
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
}
