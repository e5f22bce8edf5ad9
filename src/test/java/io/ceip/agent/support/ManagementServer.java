package io.ceip.agent.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camel's management server of a running agent, over real HTTP on loopback: the settings that turn it on, and GET of
 * {@code /observe/metrics} and {@code /observe/health}.
 */
public final class ManagementServer {

    /** One answer: status and body. */
    public record Answer(int status, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public ManagementServer(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** The settings of an agent with the management server on {@link #port()}, with metrics when {@code metrics}. */
    public Properties settings(boolean metrics) {
        Properties properties = new Properties();
        properties.setProperty("camel.management.enabled", "true");
        properties.setProperty("camel.management.port", Integer.toString(port));
        properties.setProperty("camel.metrics.enabled", Boolean.toString(metrics));
        return properties;
    }

    public Answer get(String path) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Prometheus text at {@code /observe/metrics}. */
    public String scrape() {
        Answer answer = get("/observe/metrics");
        if (answer.status() != 200) {
            throw new IllegalStateException("/observe/metrics answered " + answer.status());
        }
        return answer.body();
    }

    /**
     * The value of the sample {@code series} (a name, with its labels as printed: {@code name{state="pending",}})
     * in {@code scrape}; fails when it is not there.
     */
    public static double value(String scrape, String series) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        if (!sample.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + scrape);
        }
        return Double.parseDouble(sample.group(1));
    }
}
