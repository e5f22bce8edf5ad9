package io.ceip.agent.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
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
    /**
     * A raw error of at most this many characters is its own key in the cache (at most 256 × 4,096 characters held);
     * a longer one is keyed by its SHA-256. Bench {@code -Dbench.only=events -Dbench.runs=3}, 2026-12-06, a third of
     * the events errors, the agent's events a second (300 × 10,000 lines; 30 × 100,000), a SHA-256 of every error
     * → this key, two alternating pairs: 1.30 → 1.80 and 1.77 → 2.76 million; 1.42 → 2.37 and 2.08 → 3.14 million
     * (agent / plain loop 0.50 → 0.80 and 0.71 → 1.08, the plain loop at 2.9 million both times).
     */
    static final int RAW_KEY_CHARS = 4096;

    private final EventCatalog catalog;
    /**
     * By the raw error when it is short ({@value #RAW_KEY_CHARS} characters at most), else by a SHA-256 of it (never
     * the raw text: up to {@code ceip.events.max-line-bytes} each), to what it keeps: at most {@value #RECENT} entries
     * of a raw key or a digest and at most {@value #MAX_OWN_FRAMES} own frames.
     */
    private final Map<Object, Kept> recent = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Kept> eldest) {
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
            Object raw = key(error);
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
     * What an error keeps, remembered for the last {@value #RECENT} distinct errors (the same error recurs), by the raw
     * error when it is short, else by its digest: the cache holds no long raw text, whatever
     * {@code ceip.events.max-line-bytes} allows.
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

    /**
     * Whether {@code type} is a {@link Throwable} the platform class loader knows: looked up, never initialised, and
     * only when its class file is in one of the modules that loader sees ({@link #PLATFORM_PACKAGES}), since the loader
     * keeps a lock object for every name it is asked for, found or not, for good (before, a product sending a million
     * made-up {@code java.} types, each new, held 122 MiB of the agent's heap; 300,000 held 37 MiB).
     */
    private static boolean platformThrowable(String type) {
        Module module = PLATFORM_PACKAGES.get(type.substring(0, type.lastIndexOf('.')));
        try (InputStream classFile = module == null ? null
                : module.getResourceAsStream(type.replace('.', '/') + ".class")) { // a class file is never encapsulated
            return classFile != null && Throwable.class.isAssignableFrom(Class.forName(type, false,
                    ClassLoader.getPlatformClassLoader()));
        } catch (IOException | ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    /** The packages of the boot layer's modules the platform class loader sees (its own, the boot loader's). */
    private static final Map<String, Module> PLATFORM_PACKAGES = platformPackages();

    private static Map<String, Module> platformPackages() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        Map<String, Module> packages = new HashMap<>();
        for (Module module : ModuleLayer.boot().modules()) {
            if (module.getClassLoader() == null || module.getClassLoader() == platform) {
                module.getPackages().forEach(name -> packages.put(name, module));
            }
        }
        return Map.copyOf(packages);
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

    /** The raw error's identity in the cache: itself when short, else the SHA-256 of its texts. */
    private static Object key(Event.Error error) {
        long chars = error.exception().length();
        for (String frame : error.frames()) {
            chars += frame.length();
        }
        return chars <= RAW_KEY_CHARS ? error : digest(error);
    }

    /** The SHA-256 of a raw error's texts, each after its length (no two alike). */
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
