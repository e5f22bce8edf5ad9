package io.ceip.agent.support;

import io.ceip.agent.CeipConfiguration;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.camel.main.Main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts of the agent as camel-main runs it, for tests of what stops a start and how it says so. */
public final class AgentStarts {

    private AgentStarts() {
    }

    /**
     * The agent, not started, with {@code config} (when not null) as its configuration file before the embedded
     * defaults, {@code settings} over both, its data in {@code dataDirectory}, an in-memory database, nothing
     * scheduled, no collector.
     */
    public static Main agent(Path dataDirectory, Path config, Map<String, String> settings) {
        Main main = new Main();
        main.configure().addConfiguration(CeipConfiguration.class);
        main.setPropertyPlaceholderLocations((config == null ? "" : "file:" + config + ",")
                + "classpath:ceip-defaults.properties");
        Map<String, String> all = new HashMap<>(Map.of("ceip.data.directory", dataDirectory.toString(),
                "ceip.database.url", "jdbc:h2:mem:start-" + System.nanoTime(), "ceip.collector.enabled", "false",
                "ceip.schedule.enabled", "false", "ceip.dead-letter.replay-enabled", "false"));
        all.putAll(settings);
        all.forEach(main::addOverrideProperty);
        return main;
    }

    /**
     * Starting {@code main} fails with exactly {@code message} among the causes: one line, and no message of the
     * causes holds any of {@code unsaid}. The agent is stopped either way.
     */
    public static void assertStartStopsSaying(Main main, String message, String... unsaid) {
        try {
            assertThatThrownBy(main::start).satisfies(thrown -> {
                assertThat(cause(thrown, message::equals)).as("a cause saying: " + message).isNotNull();
                assertThat(message).doesNotContain("\n").doesNotContain("\r");
                for (String secret : unsaid) {
                    assertThat(cause(thrown, text -> text.contains(secret))).as("no message with " + secret).isNull();
                }
            });
        } finally {
            main.stop();
        }
    }

    /** The first of {@code thrown} and its causes whose message matches, or null. */
    public static Throwable cause(Throwable thrown, Predicate<String> message) {
        Throwable cause = thrown;
        while (cause != null && (cause.getMessage() == null || !message.test(cause.getMessage()))) {
            cause = cause.getCause();
        }
        return cause;
    }
}
