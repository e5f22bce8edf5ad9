package io.ceip.agent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Permission;

/**
 * A security manager that allows everything and records every name lookup ({@code checkConnect(host, -1)}, which the
 * JDK asks before any lookup, a cached one or the machine's own name included) and every outbound connection
 * ({@code checkConnect(host, port)}), one line each, appended at once to the file named by the system property
 * {@value #FILE} — or kept in memory when the property is unset. Installed for a whole JVM with
 * {@code -Djava.security.manager=io.ceip.agent.support.LookupRecorder}, or by a test around the code it watches.
 */
public final class LookupRecorder extends SecurityManager {

    /** System property naming the file the lines are appended to. */
    public static final String FILE = "ceip.test.lookups";

    private final java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> recording = ThreadLocal.withInitial(() -> false);

    /** What was asked so far (in memory). */
    public java.util.List<String> asked() {
        return asked;
    }

    @Override
    public void checkConnect(String host, int port) {
        if (recording.get()) {
            return;
        }
        recording.set(true);
        try {
            String line = (port == -1 ? "lookup " + host : "connect " + host + ":" + port) + " from " + caller()
                    + " on " + Thread.currentThread().getName();
            asked.add(line);
            String file = System.getProperty(FILE);
            if (file != null) {
                Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recording.set(false);
        }
    }

    @Override
    public void checkConnect(String host, int port, Object context) {
        checkConnect(host, port);
    }

    @Override
    public void checkPermission(Permission permission) {
        // everything is allowed: this manager only records
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        // everything is allowed
    }

    /** The first frames outside the JDK and this class: who asked. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::toStackTraceElement)
                .map(StackTraceElement::toString)
                .filter(frame -> !frame.startsWith("java.") && !frame.startsWith("sun.") && !frame.startsWith("jdk.")
                        && !frame.contains("LookupRecorder"))
                .limit(4).reduce((a, b) -> a + " < " + b).orElse("the JDK"));
    }
}
