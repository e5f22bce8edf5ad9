package io.ceip.agent.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a start-up's time goes: the {@code main} thread's JFR execution samples of one or more recordings, each
 * sample put in the start-up phase it belongs to (the innermost recognised frame: the agent's configuration, routes
 * read from YAML, routes created, the context started, routes started; the rest is the JVM and camel-main
 * bootstrap, logging included) and in the library it was running in (the innermost frame of a known library). The
 * recordings cover launch to "started", so only relative shares matter.
 */
final class StartUpProfile {

    private static final List<String[]> PHASES = List.of(
            new String[] { "io.ceip.agent.CeipConfiguration.configure", "the agent's configuration" },
            new String[] { "io.ceip.agent.bench.RoutesFloorApp$StandIns.configure", "the agent's configuration" },
            new String[] { "RoutesBuilderLoader", "routes read from YAML" },
            new String[] { "DefaultRoutesCollector", "routes read from YAML" },
            new String[] { "RouteReifier", "routes created (reifiers)" },
            new String[] { "AbstractCamelContext.doInit", "routes created (reifiers)" },
            new String[] { "InternalRouteStartupManager", "routes started" },
            new String[] { "AbstractCamelContext.doStart", "context started (JMX, components)" });

    private static final List<String[]> LIBRARIES = List.of(
            new String[] { "io.ceip.", "agent" },
            new String[] { "com.fasterxml.jackson.", "Jackson" },
            new String[] { "org.snakeyaml.", "SnakeYAML" },
            new String[] { "org.apache.camel.dsl.yaml.", "Camel YAML DSL" },
            new String[] { "org.quartz.", "Quartz" },
            new String[] { "org.apache.logging.", "Log4j" },
            new String[] { "org.apache.camel.reifier.", "Camel model/reifiers" },
            new String[] { "org.apache.camel.model.", "Camel model/reifiers" },
            new String[] { "org.apache.camel.management.", "JMX" },
            new String[] { "javax.management.", "JMX" },
            new String[] { "com.sun.jmx.", "JMX" },
            new String[] { "org.apache.camel.", "Camel (other)" },
            new String[] { "sun.security.", "JSSE/security" },
            new String[] { "java.security.KeyStore", "JSSE/security" },
            new String[] { "java.security.cert.", "JSSE/security" },
            new String[] { "javax.net.ssl.", "JSSE/security" });

    private final Map<String, Map<String, Integer>> samples = new TreeMap<>();
    private final Map<String, Integer> leaves = new LinkedHashMap<>();
    private final Map<String, Integer> topFrames = new LinkedHashMap<>();
    private int total;

    /** Adds the {@code main} thread's execution samples of {@code recording}. */
    void add(Path recording) throws IOException {
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            RecordedThread thread = event.getEventType().getName().equals("jdk.ExecutionSample")
                    ? event.getThread("sampledThread") : null;
            if (thread == null || !"main".equals(thread.getJavaName()) || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            total++;
            samples.computeIfAbsent(phase(frames), phase -> new TreeMap<>()).merge(library(frames), 1, Integer::sum);
            leaves.merge(leaf(frames), 1, Integer::sum);
            if (!frames.isEmpty()) {
                topFrames.merge(name(frames.get(0)), 1, Integer::sum);
            }
        }
    }

    int total() {
        return total;
    }

    /** Samples per phase, most first, each with its libraries, e.g. {@code routes read from YAML 96: SnakeYAML 56, …}. */
    List<String> phases() {
        return samples.entrySet().stream()
                .sorted((a, b) -> sum(b.getValue()) - sum(a.getValue()))
                .map(entry -> entry.getKey() + " " + sum(entry.getValue()) + ": " + entry.getValue().entrySet().stream()
                        .sorted((a, b) -> b.getValue() - a.getValue())
                        .map(library -> library.getKey() + " " + library.getValue())
                        .collect(Collectors.joining(", ")))
                .toList();
    }

    /** What the sampled frames were doing, across all phases: class loading, method handles, reflection or code. */
    String leaves() {
        return leaves.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .map(entry -> String.format(Locale.ROOT, "%s %d%%", entry.getKey(), 100 * entry.getValue() / total))
                .collect(Collectors.joining(", "));
    }

    /** The {@code count} methods most often on top of the stack, with their samples. */
    String topFrames(int count) {
        return topFrames.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(count)
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String phase(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            for (String[] phase : PHASES) {
                if (method.contains(phase[0])) {
                    return phase[1];
                }
            }
        }
        return "JVM and camel-main bootstrap";
    }

    private static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] library : LIBRARIES) {
                if (type.startsWith(library[0])) {
                    return library[1];
                }
            }
        }
        return "JDK";
    }

    private static String leaf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames.subList(0, Math.min(frames.size(), 40))) {
            String method = name(frame);
            if (method.startsWith("java.lang.ClassLoader.") || method.startsWith("jdk.internal.loader.")
                    || method.startsWith("java.lang.Class.forName") || method.startsWith("java.util.zip.")
                    || method.startsWith("java.util.jar.")) {
                return "class loading";
            }
            if (method.startsWith("java.lang.invoke.") || method.startsWith("java.lang.runtime.")
                    || method.startsWith("jdk.internal.org.objectweb.")) {
                return "method handles and lambdas";
            }
            if (method.startsWith("java.lang.reflect.") || method.startsWith("java.lang.Class.getDeclared")
                    || method.startsWith("java.lang.Class.privateGet")) {
                return "reflection";
            }
        }
        return "running code";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
