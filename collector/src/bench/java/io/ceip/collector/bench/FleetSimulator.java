package io.ceip.collector.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A simulated fleet: {@code n} installations of a few products, each with its product version, operating system,
 * Java, product database and consent level drawn from a fixed, skewed distribution (seeded: the same seed makes the
 * same fleet), and their reports as the agent makes them (report-v1): basic usage counts for everyone; for the
 * installations with full consent feature counts and events, error fingerprints and operation durations; now and
 * then a partial report with a failure. Every report is valid against the published schema
 * ({@code FleetSimulatorMakesValidReportsTest}).
 */
public final class FleetSimulator {

    /** A product and its bearer token (the bench writes them into the node's tokens file). */
    public record Product(String id, String name, String token) {
    }

    /** One simulated installation. */
    public record Installation(String id, Product product, String version, String os, String osVersion,
            String javaVendor, String javaVersion, String dbVendor, String dbVersion, String consent, int size) {
    }

    /** One report ready to send: its IDs, the product's token and the JSON. */
    public record SimulatedReport(String reportId, String installationId, String token, byte[] json) {
    }

    public static final List<Product> PRODUCTS = List.of(
            new Product("monitoring", "Demo Monitoring", "bench-token-monitoring-0123456789"),
            new Product("ticketing", "Demo Ticketing", "bench-token-ticketing-0123456789"),
            new Product("billing", "Demo Billing", "bench-token-billing-0123456789"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FEATURES = {"dashboard.open", "report.export", "alert.create", "search",
        "user.invite", "api.call"};
    private static final String[] OPERATIONS = {"report.render", "sync.run", "search.query"};
    private static final String[] EXCEPTIONS = {"java.sql.SQLTimeoutException", "java.io.IOException",
        "java.lang.IllegalStateException", "java.util.concurrent.TimeoutException", "other"};

    private final List<Installation> installations = new ArrayList<>();
    private final Random random;

    public FleetSimulator(int n, long seed) {
        this.random = new Random(seed);
        for (int i = 0; i < n; i++) {
            installations.add(installation());
        }
    }

    public List<Installation> installations() {
        return installations;
    }

    /** A new report of {@code installation} (a fresh report ID), generated at {@code at}. */
    public SimulatedReport report(Installation installation, Instant at) {
        ObjectNode report = JSON.createObjectNode();
        String reportId = UUID.randomUUID().toString();
        report.put("schemaVersion", 1).put("reportId", reportId).put("installationId", installation.id())
                .put("generatedAt", at.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("consentLevel", installation.consent());
        report.putObject("product").put("name", installation.product().name()).put("version", installation.version())
                .putNull("edition");
        report.putObject("environment").put("osName", installation.os()).put("osVersion", installation.osVersion())
                .put("osArch", "amd64").put("javaVendor", installation.javaVendor())
                .put("javaVersion", installation.javaVersion()).put("timezone", "Europe/Berlin")
                .put("processors", 2 + 2 * random.nextInt(8)).put("maxHeapBytes", (1L + random.nextInt(8)) << 30)
                .put("agentVersion", "0.1.0");
        if (installation.dbVendor() == null) {
            report.putNull("database");
        } else {
            report.putObject("database").put("vendor", installation.dbVendor()).put("version", installation.dbVersion());
        }
        ObjectNode usage = report.putObject("usage");
        usage.put("hosts", installation.size() * (1 + random.nextInt(3)));
        usage.put("users", installation.size() / 4 + random.nextInt(20));
        bin(usage, "dashboards", random.nextInt(60));
        usage.put("alertRules", random.nextInt(200));
        boolean partial = random.nextInt(100) < 3;
        if ("full".equals(installation.consent())) {
            full(report, at);
        }
        report.put("partial", partial);
        ArrayNode failures = report.putArray("failures");
        if (partial) {
            failures.addObject().put("source", "usage.alertRules").put("error", "query timed out")
                    .put("reason", "timeout");
        }
        report.putObject("redaction").put("droppedFields", random.nextInt(100) < 5 ? 1 : 0);
        return new SimulatedReport(reportId, installation.id(), installation.product().token(),
                report.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void full(ObjectNode report, Instant at) {
        ObjectNode features = report.putObject("features");
        features.put("from", at.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("to", at.truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode counts = features.putObject("counts");
        counts.put("reportsCreated", random.nextInt(500));
        bin(counts, "exports", random.nextInt(40));
        counts.putObject("exportsByFormat").put("csv", random.nextInt(30)).put("pdf", random.nextInt(10));
        ObjectNode events = features.putObject("events");
        for (String feature : FEATURES) {
            if (random.nextInt(4) > 0) {
                events.put(feature, random.nextInt(2_000));
            }
        }
        events.put("other", random.nextInt(50));
        ObjectNode errors = report.putObject("errors");
        for (int e = random.nextInt(4); e > 0; e--) {
            ObjectNode error = errors.putObject(String.format("%016x", random.nextLong() & 0xffff_ffff_ffffL));
            error.put("exception", EXCEPTIONS[random.nextInt(EXCEPTIONS.length)]).put("count", 1 + random.nextInt(40));
            error.putArray("frames").add("com.example.product.Poller.poll").add("com.example.product.Scheduler.run");
        }
        ObjectNode durations = report.putObject("durations");
        for (String operation : OPERATIONS) {
            int p50 = 5 + random.nextInt(200);
            durations.putObject(operation).put("count", 1 + random.nextInt(5_000)).put("p50", p50)
                    .put("p90", p50 * 3).put("p99", p50 * 8).put("max", p50 * 20);
        }
    }

    private Installation installation() {
        Product product = PRODUCTS.get(pick(60, 30, 10));
        String version = new String[] {"3.2.0", "3.1.4", "3.0.9", "2.8.1"}[pick(35, 30, 20, 15)];
        int os = pick(70, 25, 5);
        int java = pick(45, 45, 10);
        int db = pick(43, 25, 15, 10, 5, 2);
        return new Installation(UUID.randomUUID().toString(), product, version,
                new String[] {"Linux", "Windows Server 2022", "Mac OS X"}[os],
                new String[] {"6.1.0-37-amd64", "10.0", "14.6"}[os],
                new String[] {"Eclipse Adoptium", "Oracle Corporation", "Red Hat, Inc."}[pick(60, 25, 15)],
                new String[] {"17.0.15", "21.0.7", "11.0.27"}[java],
                new String[] {"PostgreSQL", "MariaDB", "Oracle", "Microsoft SQL Server", "H2", null}[db],
                new String[] {"16.4", "11.4.5", "19.0.0.0.0", "16.00.4135", "2.3.232", null}[db],
                random.nextInt(100) < 70 ? "basic" : "full", 1 + random.nextInt(400));
    }

    /** A count as the agent sends it when counts are binned, now and then (a range such as {@code 11-25}). */
    private void bin(ObjectNode node, String key, int count) {
        if (count > 10 && count <= 25 && random.nextBoolean()) {
            node.put(key, "11-25");
        } else {
            node.put(key, count);
        }
    }

    private int pick(int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
