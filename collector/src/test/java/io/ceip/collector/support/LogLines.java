package io.ceip.collector.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log lines written while it is open (every logger that reaches the root's appenders), each as
 * {@code LEVEL logger - message}, followed by {@code  | <class of the exception>} when the line carries one (its stack
 * trace).
 */
public final class LogLines implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = LoggerContext.getContext(false);
    private final AbstractAppender appender;

    private LogLines() {
        appender = new AbstractAppender("log-lines-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " - "
                        + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " | " + event.getThrown().getClass().getName()));
            }
        };
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public static LogLines capture() {
        return new LogLines();
    }

    /** The intake's lines so far (logger {@code ceip.intake}), DEBUG left out. */
    public List<String> intake() {
        return lines().stream().filter(line -> line.contains(" ceip.intake - ") && !line.startsWith("DEBUG")).toList();
    }

    /** The lines so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
