package io.ceip.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No route consumes from {@code timer:}: camel-timer runs on {@link java.util.Timer}, which waits by the wall clock, so
 * a clock set back by N days (a clock fixed by hand, a VM restored from a snapshot) stalled every repeating timer route
 * (the replays, the consent watch) for N days. {@code scheduler:} (a ScheduledExecutorService) waits by the monotonic
 * clock. Each scheduler consumer keeps the timer's thread bound: a scheduler named after its route (a thread of its
 * own, so a long replay never holds up the consent watch), one thread, synchronous (the thread waits for the whole
 * exchange: one run at a time).
 */
class RoutesConsumeFromNoTimerTest {

    private static final String WHY = "java.util.Timer waits by the wall clock: a clock set back by days stalls a"
            + " timer: route for days; use scheduler: (initialDelay, delay, repeatCount), timed by the monotonic clock";

    @Test
    void noRouteFileConsumesFromATimer() throws Exception {
        List<String> found = new ArrayList<>();
        for (Path file : routeFiles()) {
            for (Consumer consumer : consumers(Files.readString(file))) {
                if (consumer.scheme().equals("timer")) {
                    found.add(file + ": " + consumer.uri());
                }
            }
        }
        assertThat(found).as(WHY).isEmpty();
    }

    @Test
    void eachSchedulerRunsAloneOnAThreadOfItsOwn() throws Exception {
        List<Consumer> schedulers = new ArrayList<>();
        for (Path file : routeFiles()) {
            consumers(Files.readString(file)).stream().filter(c -> c.scheme().equals("scheduler"))
                    .forEach(schedulers::add);
        }
        // the replay, the customer's replay, the consent watch, the start-up report
        assertThat(schedulers).extracting(Consumer::routeId).contains("ceip-replay", "ceip-customer-replay",
                "ceip-consent-watch", "ceip-startup-report");
        for (Consumer scheduler : schedulers) {
            assertThat(scheduler.uri()).as(scheduler.routeId() + ": the scheduler's name is the route's (its own"
                    + " thread) and its options are parameters").isEqualTo("scheduler:" + scheduler.routeId());
            assertThat(String.valueOf(scheduler.parameters().get("synchronous")))
                    .as(scheduler.routeId() + ": synchronous, one run at a time").isEqualTo("true");
            assertThat(String.valueOf(scheduler.parameters().getOrDefault("poolSize", "1")))
                    .as(scheduler.routeId() + ": one thread").isEqualTo("1");
        }
    }

    /** The checks can fail: a timer in any spelling of the YAML DSL is found, a scheduler's options are read. */
    @Test
    void aTimerConsumerIsFoundHoweverWritten() {
        assertThat(consumers("- route:\n    id: a\n    from:\n      uri: \"timer://a?period=1000\"\n      steps: []\n"))
                .extracting(Consumer::scheme).containsExactly("timer");
        assertThat(consumers("- route: {id: b, from: {uri: ' Timer:b', steps: []}}\n"))
                .extracting(Consumer::scheme).containsExactly("timer");
        assertThat(consumers("- from:\n    uri: timer:c\n    steps: []\n")).extracting(Consumer::scheme)
                .containsExactly("timer");
        assertThat(consumers("- route:\n    id: e\n    from: timer:e\n")).extracting(Consumer::scheme)
                .containsExactly("timer");
        assertThat(consumers("- route:\n    id: d\n    from:\n      uri: scheduler:d\n      parameters:\n"
                + "        poolSize: 2\n      steps: []\n")).singleElement()
                .satisfies(c -> assertThat(c.parameters()).containsEntry("poolSize", 2));
    }

    private static List<Path> routeFiles() throws Exception {
        try (var files = Files.list(Path.of("routes"))) {
            List<Path> routes = files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
            assertThat(routes).as("the route files (run from the project directory)").isNotEmpty();
            return routes;
        }
    }

    /** A route's consumer: its URI as written, and its parameters. */
    record Consumer(String routeId, String uri, Map<String, Object> parameters) {

        String scheme() {
            String trimmed = uri.strip();
            int colon = trimmed.indexOf(':');
            return colon < 0 ? trimmed : trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        }
    }

    /** Every {@code from} of the file's routes (also a top-level {@code - from:}), whatever the YAML style. */
    private static List<Consumer> consumers(String yaml) {
        List<Consumer> consumers = new ArrayList<>();
        for (Object item : (List<?>) new Load(LoadSettings.builder().build()).loadFromString(yaml)) {
            Map<?, ?> entry = (Map<?, ?>) item;
            Object route = entry.containsKey("route") ? entry.get("route") : entry;
            Map<?, ?> map = (Map<?, ?>) route;
            if (map.get("from") instanceof Map<?, ?> from) {
                Object parameters = from.get("parameters");
                Map<String, Object> options = new HashMap<>();
                if (parameters instanceof Map<?, ?> p) {
                    p.forEach((name, value) -> options.put(String.valueOf(name), value));
                }
                consumers.add(new Consumer(String.valueOf(map.get("id")), String.valueOf(from.get("uri")), options));
            } else if (map.get("from") instanceof String uri) {
                consumers.add(new Consumer(String.valueOf(map.get("id")), uri, Map.of()));
            }
        }
        return consumers;
    }
}
