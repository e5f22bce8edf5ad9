package io.ceip.agent.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an accepted {@link Event} into what the aggregate may hold, by the vendor's {@link EventCatalog}:
 * <ul>
 * <li>a feature or operation name that is not declared becomes {@value EventCatalog#OTHER};</li>
 * <li>an error keeps its exception type when it is the platform's ({@code java.}, {@code javax.}, {@code jakarta.},
 * {@code jdk.}) and names a {@link Throwable} of this JVM's platform class loader (looked up without initialising
 * it), or when it is in the product's own packages and of the shape of a class name: at most {@value #MAX_SEGMENTS}
 * Java identifiers of at most {@value #MAX_SEGMENT} characters each; else {@value EventCatalog#OTHER};
 * its frames are kept only when they are the product's own, as {@code package.Class.method} (the part in
 * parentheses, file and line number, dropped; a class of that shape and one method name, {@code <init>} or an
 * identifier of at most {@value #MAX_SEGMENT} characters), at most {@value #MAX_OWN_FRAMES}; its message is never
 * kept;</li>
 * <li>the error's fingerprint is the first 16 hex digits of SHA-256 over the kept exception type and the kept frames
 * (one a line): the same code path gives the same fingerprint across versions that only move lines, and the hash
 * covers nothing that would not itself be sent at full consent.</li>
 * </ul>
 */
public final class EventRecorder {

    static final int MAX_OWN_FRAMES = 32;
    static final int MAX_SEGMENTS = 8;
    static final int MAX_SEGMENT = 64;
    /** A class name: 2 to {@value #MAX_SEGMENTS} Java identifiers of at most {@value #MAX_SEGMENT} characters. */
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_$][\\w$]{0,63}(\\.[A-Za-z_$][\\w$]{0,63}){1,7}");
    /** A method of such a class: an identifier (a lambda's {@code lambda$run$0} too), or a constructor. */
    private static final Pattern METHOD = Pattern.compile("[A-Za-z_$][\\w$-]{0,63}|<init>|<clinit>");
    private static final List<String> PLATFORM = List.of("java.", "javax.", "jakarta.", "jdk.");

    private static final int RECENT = 256;

    private final EventCatalog catalog;
    /**
     * By a SHA-256 of the raw error (never the raw text: up to {@code ceip.events.max-line-bytes} each), to what it
     * keeps: at most {@value #RECENT} entries of a digest and at most {@value #MAX_OWN_FRAMES} own frames.
     */
    private final Map<String, Kept> recent = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                    return size() > RECENT;
                }
            });

    public EventRecorder(EventCatalog catalog) {
        this.catalog = catalog;
    }

    /** Adds {@code event} to {@code aggregate}. */
    public void record(Event event, EventAggregate aggregate) {
        if (event instanceof Event.Feature feature) {
            aggregate.feature(catalog.feature(feature.name()), 1);
        } else if (event instanceof Event.Duration duration) {
            aggregate.duration(catalog.operation(duration.operation()), duration.millis());
        } else if (event instanceof Event.Error error) {
            String raw = digest(error);
            Kept kept = recent.get(raw);
            if (kept == null) {
                String exception = exceptionType(error.exception());
                List<String> frames = ownFrames(error.frames());
                kept = new Kept(fingerprint(exception, frames), exception, frames);
                recent.put(raw, kept);
            }
            aggregate.error(kept.fingerprint(), kept.exception(), kept.frames(), 1);
        }
    }

    /**
     * What an error keeps, remembered for the last {@value #RECENT} distinct errors (the same error recurs), by the
     * digest of the raw error: the cache holds no raw text, whatever {@code ceip.events.max-line-bytes} allows.
     */
    private record Kept(String fingerprint, String exception, List<String> frames) {
    }

    /** The exception type as it may leave: own or platform qualified name, else other. */
    String exceptionType(String exception) {
        String type = exception.strip();
        if (type.length() <= 200 && QUALIFIED.matcher(type).matches()
                && (catalog.isOwn(type) || PLATFORM.stream().anyMatch(type::startsWith) && platformThrowable(type))) {
            return type;
        }
        return EventCatalog.OTHER;
    }

    /** Whether {@code type} is a {@link Throwable} the platform class loader knows: looked up, never initialised. */
    private static boolean platformThrowable(String type) {
        try {
            return Throwable.class.isAssignableFrom(Class.forName(type, false, ClassLoader.getPlatformClassLoader()));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    /** The product's own frames, {@code package.Class.method} only. */
    List<String> ownFrames(List<String> frames) {
        List<String> own = new ArrayList<>();
        for (String frame : frames) {
            String text = frame.strip();
            if (text.startsWith("at ")) {
                text = text.substring(3).strip();
            }
            int parenthesis = text.indexOf('(');
            String method = parenthesis < 0 ? text : text.substring(0, parenthesis);
            int dot = method.lastIndexOf('.');
            if (method.length() <= 300 && dot > 0 && QUALIFIED.matcher(method.substring(0, dot)).matches()
                    && METHOD.matcher(method.substring(dot + 1)).matches() && catalog.isOwn(method)) {
                own.add(method);
                if (own.size() == MAX_OWN_FRAMES) {
                    break;
                }
            }
        }
        return own;
    }

    static String fingerprint(String exception, List<String> frames) {
        MessageDigest sha256 = sha256();
        sha256.update(exception.getBytes(StandardCharsets.UTF_8));
        for (String frame : frames) {
            sha256.update((byte) '\n');
            sha256.update(frame.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 8);
    }

    /** The raw error's identity in the cache: the SHA-256 of its texts, each after its length (no two alike). */
    private static String digest(Event.Error error) {
        MessageDigest sha256 = sha256();
        withLength(sha256, error.exception());
        error.frames().forEach(frame -> withLength(sha256, frame));
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void withLength(MessageDigest sha256, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha256.update(java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
