package io.ceip.agent.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures the log lines (with stack traces) while it is attached: the agent's own loggers at DEBUG, the rest at
 * the levels the agent ships with (log4j2.properties: INFO, with HTTP wire and header logs off).
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** The lines logged at INFO or above (what the shipped configuration shows). */
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final LoggerConfig root;
    private final org.apache.logging.log4j.Level previousLevel;

    private LogCapture(LoggerConfig root) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.root = root;
        this.previousLevel = root.getLevel();
    }

    public static LogCapture attach() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        LogCapture capture = new LogCapture(configuration.getRootLogger());
        capture.start();
        configuration.getRootLogger().addAppender(capture, org.apache.logging.log4j.Level.ALL, null);
        configuration.getRootLogger().setLevel(org.apache.logging.log4j.Level.INFO);
        LoggerConfig agent = configuration.getLoggerConfig("io.ceip.agent");
        agent.setLevel(org.apache.logging.log4j.Level.DEBUG);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
        if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.INFO)) {
            shown.add(line.toString());
        }
    }

    public String all() {
        return String.join("\n", lines);
    }

    /** The lines logged at INFO or above, as the shipped log configuration shows them. */
    public String shown() {
        return String.join("\n", shown);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        root.removeAppender(getName());
        root.setLevel(previousLevel);
        context.reconfigure();
        stop();
    }
}
