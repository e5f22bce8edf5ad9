package io.ceip.agent.demo.collector;

/**
 * How much of a request body the embedded collector reads: at most {@code maxCompressedBytes} as sent
 * ({@code ceip.collector.max-compressed-bytes}, default 1 MiB) and at most {@code maxDecompressedBytes} once
 * decompressed ({@code ceip.collector.max-decompressed-bytes}, default 10 MiB), both counted while the body is read.
 * Each is from 1 byte to {@link #MAX} (1 GiB).
 */
public record CollectorLimits(long maxCompressedBytes, long maxDecompressedBytes) {

    /** The largest limit allowed: a decompressed body is held in memory. */
    public static final long MAX = 1L << 30;

    public CollectorLimits {
        check("ceip.collector.max-compressed-bytes", maxCompressedBytes);
        check("ceip.collector.max-decompressed-bytes", maxDecompressedBytes);
    }

    private static void check(String key, long value) {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(key + ": " + value + " is not between 1 and " + MAX + " (bytes)");
        }
    }
}
