package io.ceip.agent.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the native memory the JVM has freed back to the operating system once a report cycle is over. A cycle runs
 * once a day and uses TLS, Jackson, JDBC and the JIT compiler; the C heap they used is freed to the C library, which
 * keeps most of it (glibc does not return the middle of an arena to the system by itself). Trimming hands it back,
 * so that the agent does not sit until the next report on memory the host could use.
 * <p>
 * {@link #afterCycle()} trims at once, and once more {@code settle} later: the JIT compiler goes on compiling what
 * the cycle made hot for a few seconds, and HotSpot hands its compiler arenas back to the C library only every five
 * seconds. A cycle ending in between moves that second trim; it runs on one daemon thread, made by the first cycle
 * and gone after a minute without work.
 * <p>
 * A trim is the JVM's {@code System.trim_native_heap} diagnostic command, run through the platform MBean server (the
 * {@code com.sun.management:type=DiagnosticCommand} MBean; HotSpot 17.0.15 has it, and trims on glibc Linux). On a
 * JVM without it, or where the C library cannot trim, the first call says so and every later call does nothing. A
 * trim never throws. Defaults: on ({@code ceip.memory.trim-after-report}), the second trim 10 s after the last cycle
 * ({@code ceip.memory.trim-again-after}; zero: none).
 */
public final class NativeHeapTrimmer implements AutoCloseable {

    /** The JVM's diagnostic command MBean. */
    static final ObjectName DIAGNOSTIC_COMMAND = objectName("com.sun.management:type=DiagnosticCommand");
    /** Its operation for {@code System.trim_native_heap}. */
    static final String TRIM = "systemTrimNativeHeap";

    private static final Logger LOG = LoggerFactory.getLogger(NativeHeapTrimmer.class);

    private final MBeanServer server;
    private final boolean enabled;
    private final Duration settle;
    private final AtomicLong trims = new AtomicLong();
    private final ScheduledThreadPoolExecutor later = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "ceip-native-heap-trim");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String unavailable;
    private ScheduledFuture<?> pending;

    /**
     * @param server  the MBean server holding the JVM's diagnostic command MBean (the platform one)
     * @param enabled whether to trim at all
     * @param settle  how long after a cycle to trim once more (zero: no second trim)
     */
    public NativeHeapTrimmer(MBeanServer server, boolean enabled, Duration settle) {
        this.server = server;
        this.enabled = enabled;
        this.settle = settle;
        later.setRemoveOnCancelPolicy(true);
        later.setKeepAliveTime(1, TimeUnit.MINUTES);
        later.allowCoreThreadTimeOut(true);
    }

    /** What to do when a report cycle is over: {@link #trim()} now, and once more when the JVM has settled. */
    public String afterCycle() {
        String answer = trim();
        if (enabled && unavailable == null && !settle.isZero()) {
            synchronized (this) {
                if (pending != null) {
                    pending.cancel(false);
                }
                if (!later.isShutdown()) {
                    pending = later.schedule(this::trim, settle.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
        return answer;
    }

    /**
     * Trims the native heap and returns the JVM's answer (for example {@code Trim native heap: RSS+Swap:
     * 185M->173M (-12200K)}), or why nothing was done.
     */
    public String trim() {
        if (!enabled) {
            return "off (ceip.memory.trim-after-report=false)";
        }
        String reason = unavailable;
        if (reason != null) {
            return reason;
        }
        try {
            String answer = String.valueOf(server.invoke(DIAGNOSTIC_COMMAND, TRIM, null, null)).trim();
            if (answer.toLowerCase(Locale.ROOT).contains("not available")) {
                return unavailable("this JVM cannot trim its C heap here: " + answer);
            }
            trims.incrementAndGet();
            LOG.debug("After the report: {}", answer);
            return answer;
        } catch (JMException | RuntimeException e) {
            return unavailable("this JVM has no " + TRIM + " diagnostic command ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** How many trims have been done. */
    public long trims() {
        return trims.get();
    }

    /** Drops a second trim still to come; later cycles trim at once only. */
    @Override
    public void close() {
        later.shutdownNow();
    }

    /** Whether the thread of the second trim has ended (after {@link #close()}). */
    boolean closed() {
        return later.isTerminated();
    }

    private String unavailable(String reason) {
        unavailable = "unavailable: " + reason;
        LOG.debug("Native heap not trimmed after reports: {}", reason);
        return unavailable;
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
