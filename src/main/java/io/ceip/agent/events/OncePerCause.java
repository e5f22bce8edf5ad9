package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import org.slf4j.Logger;

/**
 * One WARN line per cause, not per poll: a failure that comes back at every poll (an audit log that cannot be read, a
 * damaged consent setting, a crowded spool) is said once, and said again only when its cause changes or after it was
 * gone ({@link #gone}). The failure's stack trace goes to DEBUG only. Thread-safe.
 */
final class OncePerCause {

    private final Logger log;
    private String said;

    OncePerCause(Logger log) {
        this.log = log;
    }

    /**
     * Logs {@code line} (an SLF4J pattern whose last argument is the cause) at WARN unless {@code cause} is what was
     * last said; {@code failure} (may be null) at DEBUG. Returns whether the WARN line was written.
     */
    synchronized boolean warn(String cause, Throwable failure, String line, Object... arguments) {
        if (failure != null) {
            log.debug("{}", cause, failure);
        }
        if (cause.equals(said)) {
            return false;
        }
        said = cause;
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = cause;
        log.warn(line, all);
        return true;
    }

    /**
     * Unless {@code failed}, the cause is gone: the next failure is said again, even the same; {@code line} at INFO
     * when a cause had been said.
     */
    synchronized void goneUnless(boolean failed, String line) {
        if (!failed && said != null) {
            said = null;
            log.info(line);
        }
    }

    /**
     * What went wrong, in words that never carry what a file holds: the message of the agent's own failures (an
     * {@link UncheckedIOException} or {@link IllegalStateException}, which name the file and what is wrong with it)
     * with the class of their cause, else the failure's class alone.
     */
    static String why(Throwable failure) {
        String what = failure instanceof UncheckedIOException || failure instanceof IllegalStateException
                ? String.valueOf(failure.getMessage()) : failure.getClass().getSimpleName();
        Throwable cause = failure.getCause();
        return cause == null || cause == failure ? what : what + " (" + cause.getClass().getSimpleName() + ")";
    }

    /**
     * Why {@code file} could not be written or removed, in words: what lies there when it is not a regular file (a
     * directory, a link, a fifo; {@code named}: after the file's name), else {@link #why}.
     */
    static String unwritable(Path file, Throwable failure, boolean named) {
        try {
            OwnerOnlyFiles.requireRegularOrAbsent(file);
        } catch (FileSystemException e) {
            return named ? e.getMessage() : e.getReason();
        } catch (IOException | RuntimeException e) {
            // what lies there is not known: the failure says
        }
        return why(failure);
    }
}
