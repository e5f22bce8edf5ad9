package io.ceip.agent.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's product events: a few spool lines, as the demo product would write them, that the agent aggregates
 * in memory at start when the demo data is on ({@code ceip.database.demo-data}) and consent is full, so that a
 * full-consent preview of the shipped configuration shows {@code features}, {@code errors} and {@code durations}
 * (declared in {@code config/events.yaml}). One line is an undeclared feature (counted as {@code other}); the
 * error's message and its framework frames never leave.
 */
public final class DemoEvents {

    private DemoEvents() {
    }

    /** The sample lines (JSON, one event each). */
    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add("{\"type\":\"feature\",\"name\":\"dashboards.open\"}");
        }
        lines.add("{\"type\":\"feature\",\"name\":\"reports.export\",\"at\":\"2026-11-23T10:15:30Z\"}");
        lines.add("{\"type\":\"feature\",\"name\":\"beta.sandbox\"}");
        for (int i = 0; i < 2; i++) {
            lines.add("{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\","
                    + "\"message\":\"dashboard 'Ops' of admin@example.com not found\",\"frames\":["
                    + "\"com.demo.monitoring.dashboards.DashboardService.open(DashboardService.java:" + (42 + i) + ")\","
                    + "\"org.framework.web.Dispatcher.handle(Dispatcher.java:310)\","
                    + "\"com.demo.monitoring.web.DashboardController.show(DashboardController.java:88)\"]}");
        }
        int[] deploys = { 850, 920, 1010, 1200, 4300 };
        for (int millis : deploys) {
            lines.add("{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":" + millis + "}");
        }
        lines.add("{\"type\":\"duration\",\"operation\":\"report.render\",\"millis\":230}");
        return lines;
    }
}
