package io.ceip.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's baseline (a') must run the agent's real route files, all of them, with nothing of the agent but
 * the routes: a bean named by a new route step without a stand-in fails this test instead of the benchmark.
 */
class RoutesFloorAppStartsTheAgentRoutesTest {

    @Test
    void everyRouteOfTheRepositoryStartsWithStandInsOnly() throws Exception {
        Main main = RoutesFloorApp.newMain();
        // as the benchmark runs it (its agent environment): no embedded collector, the first report an hour away
        main.addOverrideProperty("ceip.collector.enabled", "false");
        main.addOverrideProperty("ceip.endpoint.url", "https://127.0.0.1:9/v1/reports");
        main.addOverrideProperty("ceip.schedule.initial-delay", "3600000");
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            List<String> all = context.getRoutes().stream().map(Route::getRouteId).sorted().toList();
            List<String> started = all.stream()
                    .filter(id -> context.getRouteController().getRouteStatus(id) == ServiceStatus.Started).toList();

            assertThat(all).containsExactlyElementsOf(routeIdsInRepository());
            // every route starts but the events' HTTP intake, off by default (ceip.events.http.enabled), as in the agent
            assertThat(all).contains("ceip-events-http");
            assertThat(started).containsExactlyElementsOf(
                    all.stream().filter(id -> !id.equals("ceip-events-http")).toList());
            List<String> ours = context.getRegistry().findByType(Object.class).stream()
                    .map(bean -> bean.getClass().getName()).filter(name -> name.startsWith("io.ceip.agent."))
                    .toList();
            assertThat(ours).contains(RoutesFloorApp.ReportStepsStandIn.class.getName())
                    .allMatch(name -> name.startsWith(RoutesFloorApp.class.getName() + "$"));
        } finally {
            main.stop();
        }
    }

    /** The ids of the routes (not route configurations) in routes/. */
    private static List<String> routeIdsInRepository() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(file -> Files.isRegularFile(file) && contains(file, "- route:"))
                    .map(file -> file.getFileName().toString().replace(".camel.yaml", ""))
                    .sorted().toList();
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
