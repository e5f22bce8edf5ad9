package io.ceip.agent.config;

import io.ceip.agent.util.OneLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Camel's own {@code camel.*} keys the administrator may set, in the configuration file or as {@code CAMEL_*}
 * environment variables: the ones the documentation names ({@link #ALLOWED}), each harmless. camel-main applies
 * every {@code camel.*} key before the agent's own configuration runs, and many load code: {@code camel.beans.*}
 * makes an object of any class on the class path, {@code camel.main.routes-include-pattern} and
 * {@code camel.main.configuration-classes} load routes and classes, {@code camel.management.upload-enabled} takes
 * routes over HTTP, {@code camel.management.jolokia-enabled} serves JMX without a login. Any other {@code camel.*}
 * key (in any case: camel-main's binding ignores case and dashes) stops the start in one line naming it and where,
 * never its value; so does an allowed key whose value starts with {@code #} (camel-main's binding makes or looks up
 * an object from {@code #class:}, {@code #type:}, {@code #bean:}, {@code #property:}, {@code #name}) or with a
 * placeholder (it could resolve to such a value). The HTTP client's and TLS keys are left to
 * {@code ClientOptionsLock}, which refuses them in its own words ({@code lockedElsewhere}).
 */
public final class CamelKeys {

    /** The keys allowed, as the documentation names them. */
    public static final List<String> ALLOWED = List.of("camel.main.name", "camel.main.shutdown-timeout",
            "camel.main.jmx-management-m-beans-level", "camel.main.stream-caching-enabled",
            "camel.main.auto-configuration-log-summary", "camel.main.tracing", "camel.management.enabled",
            "camel.management.host", "camel.management.port", "camel.management.health-check-enabled",
            "camel.management.metrics-enabled", "camel.metrics.enabled", "camel.health.enabled",
            "camel.health.routes-enabled", "camel.health.consumers-enabled", "camel.health.producers-enabled",
            "camel.health.registry-enabled", "camel.health.exclude-pattern", "camel.health.exposure-level",
            "camel.health.initial-state", "camel.server.enabled", "camel.server.host", "camel.server.port");
    /** {@link #ALLOWED} as camel-main binds a key ({@link #bound}). */
    private static final Set<String> BOUND = ALLOWED.stream().map(CamelKeys::bound).collect(Collectors.toSet());
    /**
     * The groups of keys camel-main 4.18 reads from the environment ({@code BaseMainSupport}, {@code MainHelper}): a
     * variable whose name starts with one, in any case, is read as a {@code camel.*} key, each {@code _} a dot.
     */
    private static final List<String> ENVIRONMENT_PREFIXES = Stream.of("main", "startupcondition", "component",
            "dataformat", "language", "context", "resilience4j", "faulttolerance", "rest", "vault", "threadpool",
            "health", "lra", "opentelemetry2", "opentelemetry", "telemetrydev", "management", "mdc", "metrics",
            "routetemplate", "devconsole", "variable", "beans", "globaloptions", "server", "ssl", "debug", "trace",
            "routecontroller").map(group -> "CAMEL_" + group.toUpperCase(Locale.ROOT)).toList();

    private CamelKeys() {
    }

    /**
     * One line for each {@code camel.*} key of {@code text} that is not allowed, or whose value is refused
     * ({@code file:line: ...}); keys {@code lockedElsewhere} accepts are left to it.
     */
    public static List<String> inFile(ConfigurationText text, Predicate<String> lockedElsewhere) {
        List<String> problems = new ArrayList<>();
        for (PropertyLines.Entry entry : PropertyLines.parse(text.text())) {
            if (entry.key().toLowerCase(Locale.ROOT).startsWith("camel.") && !lockedElsewhere.test(entry.key())) {
                problem(text.file() + ":" + entry.line() + ": " + OneLine.of(entry.key(), 120), bound(entry.key()),
                        entry.value()).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /**
     * One line for each environment variable camel-main reads as a {@code camel.*} key that is not allowed, or whose
     * value is refused, in name order; names {@code lockedElsewhere} accepts are left to it.
     */
    public static List<String> inEnvironment(Map<String, String> environment, Predicate<String> lockedElsewhere) {
        List<String> problems = new ArrayList<>();
        environment.keySet().stream().sorted().filter(name -> ENVIRONMENT_PREFIXES.stream()
                .anyMatch(name.toUpperCase(Locale.ROOT)::startsWith) && !lockedElsewhere.test(name))
                .forEach(name -> problem("environment variable " + OneLine.of(name, 120),
                        bound(name.toLowerCase(Locale.ROOT).replace('_', '.')), environment.get(name))
                        .ifPresent(problems::add));
        return problems;
    }

    /** What is wrong with the key {@code said} ({@code bound} as camel-main binds it) set to {@code value}. */
    private static Optional<String> problem(String said, String bound, String value) {
        if (!BOUND.contains(bound)) {
            return Optional.of(said + " is refused: of Camel's own keys only those"
                    + " docs/configuration.md lists may be set (camel.main.name, camel.management.*, ...); others can"
                    + " load code or open what the agent keeps closed (remove it)");
        }
        String start = value == null ? "" : value.replaceFirst("^[\\s\\p{Z}\\p{Cc}\\p{Cf}]+", "");
        if (start.startsWith("#") || start.startsWith("{{")) {
            return Optional.of(said + "'s value starts with " + (start.startsWith("#")
                    ? "#" : "a placeholder") + ": Camel makes or looks up an object from a value starting with #"
                    + " (#class:, #type:, #bean:, ...); write the value itself");
        }
        return Optional.empty();
    }

    /** {@code key} as camel-main binds it: lower case, without dashes. */
    static String bound(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "");
    }
}
