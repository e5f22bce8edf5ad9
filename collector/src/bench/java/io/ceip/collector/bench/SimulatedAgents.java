package io.ceip.collector.bench;

import io.ceip.collector.bench.FleetSimulator.SimulatedReport;
import io.ceip.collector.support.Reports;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Agents sending their reports as the agent does: gzip (done before the timed window, as a real agent does it on
 * its own machine, not on the node's cores), the product's bearer token, one attempt after another
 * until a 2xx; a 429 or 503 waits its {@code Retry-After} (a connection failure 1 s) and sends again, at most
 * {@value #MAX_ATTEMPTS} attempts. A share of the accepted reports is sent once more (an agent that lost the answer),
 * which must be answered 200 (or 202 while the first is still on its way to the database) and never stored twice.
 * Counts every answer and keeps, per report ID, when it was first sent.
 * <p>
 * Their HTTPS client is Vert.x's (one event loop for all of them, OpenSSL, connections kept alive): they share the
 * node's cores, and every CPU-millisecond they spend is one the node does not get. The JDK's {@code HttpClient} they
 * used before took about 0.37 ms of CPU a report on this machine (2026-12-07: the bench's JVM 0.50 ms a report
 * with the agents, 0.13 ms of it the broker's); see docs/sizing.md.
 */
final class SimulatedAgents implements AutoCloseable {

    /** One event loop for every simulated agent of the bench: they wait on the node, not on it. */
    private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
            .setWorkerPoolSize(1).setInternalBlockingPoolSize(1));

    /**
     * A real agent never gives up (it keeps the report); a simulated one stops after this many attempts, about two
     * minutes of 429s: 20 was too few for a 2,000-report burst at 15 a second on a loaded machine (31 gave up, and
     * the run waited ten minutes for reports nobody had accepted).
     */
    static final int MAX_ATTEMPTS = 120;

    /**
     * How long an agent waits for an answer before it counts a connection failure and sends again (the node dedupes):
     * the request's own timeout did not end every wait (2 of 2,000 agents of a burst at 15 /s, with 429s, waited
     * 12 minutes for an answer on 2026-12-07).
     */
    private static final long ANSWER_SECONDS = 90;

    private final HttpClient client;
    private final URI reports;
    private final double duplicateShare;
    private final Random random = new Random(7);
    final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
    final LongAdder attempts = new LongAdder();
    final LongAdder connectionFailures = new LongAdder();
    final LongAdder gaveUp = new LongAdder();
    final LongAdder duplicatesSent = new LongAdder();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Map<String, Long> firstSentMillis = new ConcurrentHashMap<>();
    final LongAdder jsonBytes = new LongAdder();
    final LongAdder gzipBytes = new LongAdder();

    /** Agents sending to {@code reports}, trusting the certificate in {@code pem} only. */
    SimulatedAgents(Path pem, URI reports, double duplicateShare) {
        this.client = VERTX.createHttpClient(new HttpClientOptions().setSsl(true)
                .setSslEngineOptions(new OpenSSLEngineOptions())
                .setTrustOptions(new PemTrustOptions().addCertPath(pem.toString()))
                .setConnectTimeout(10_000).setKeepAliveTimeout(10).setIdleTimeout(60),
                new PoolOptions().setHttp1MaxSize(64));
        this.reports = reports;
        this.duplicateShare = duplicateShare;
    }

    /** Sends every report with {@code clients} agents at once, as fast as they are answered; returns the seconds. */
    double sendAll(List<SimulatedReport> batch, int clients) throws Exception {
        List<byte[]> bodies = gzipAll(batch);
        ExecutorService agents = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                SimulatedReport report = batch.get(i);
                byte[] body = bodies.get(i);
                sent.add(agents.submit(() -> deliver(report, body)));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            agents.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sends the reports paced at {@code perSecond}, each by its own agent thread; returns when all are answered. */
    void sendPaced(List<SimulatedReport> batch, int perSecond, int clients) throws Exception {
        List<byte[]> bodies = gzipAll(batch);
        ExecutorService agents = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                SimulatedReport report = batch.get(i);
                byte[] body = bodies.get(i);
                sent.add(agents.submit(() -> deliver(report, body)));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            agents.shutdownNow();
        }
    }

    /** Delivers one report until a 2xx (or gives up after {@value #MAX_ATTEMPTS} attempts). */
    void deliver(SimulatedReport report) {
        deliver(report, Reports.gzip(report.json()));
    }

    private static List<byte[]> gzipAll(List<SimulatedReport> batch) {
        return batch.stream().map(report -> Reports.gzip(report.json())).toList();
    }

    /** Delivers one report, {@code body} its gzipped JSON, until a 2xx (or gives up). */
    private void deliver(SimulatedReport report, byte[] body) {
        jsonBytes.add(report.json().length);
        gzipBytes.add(body.length);
        firstSentMillis.putIfAbsent(report.reportId(), System.currentTimeMillis());
        int status = send(report, body);
        if (status == 202) {
            accepted.add(report.reportId());
            boolean again;
            synchronized (random) {
                again = random.nextDouble() < duplicateShare;
            }
            if (again) {
                duplicatesSent.increment();
                send(report, body);
            }
        } else if (status == 200) {
            accepted.add(report.reportId());
        }
    }

    private int send(SimulatedReport report, byte[] body) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            attempts.increment();
            long waitSeconds;
            try {
                String[] answer = client.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setAbsoluteURI(reports.toString()).setTimeout(60_000)
                        .putHeader("Content-Type", "application/json").putHeader("Content-Encoding", "gzip")
                        .putHeader("Authorization", "Bearer " + report.token()))
                        .compose(request -> request.send(Buffer.buffer(body)))
                        .compose(response -> response.body().map(ignored -> new String[] {
                                Integer.toString(response.statusCode()), response.getHeader("Retry-After")}))
                        .toCompletionStage().toCompletableFuture().get(ANSWER_SECONDS, TimeUnit.SECONDS);
                int status = Integer.parseInt(answer[0]);
                answers.computeIfAbsent(status, s -> new LongAdder()).increment();
                if (status != 429 && status != 503) {
                    return status;
                }
                waitSeconds = Long.parseLong(answer[1] == null ? "1" : answer[1]);
            } catch (ExecutionException | TimeoutException e) {
                connectionFailures.increment();
                waitSeconds = 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            try {
                TimeUnit.SECONDS.sleep(waitSeconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        gaveUp.increment();
        return -1;
    }

    @Override
    public void close() {
        client.close();
    }

    long answered(int status) {
        LongAdder count = answers.get(status);
        return count == null ? 0 : count.sum();
    }
}
