package io.ceip.agent.events;

import java.util.Arrays;

/**
 * Durations in milliseconds, 0 to {@link Integer#MAX_VALUE}, counted in fixed logarithmic buckets: exact below
 * {@value #LINEAR}, then {@value #SUB_BUCKETS} buckets per power of two, so that a percentile is the upper bound of
 * its bucket, at most 12.5 % above the true value (never above the largest value seen, which is kept exactly). Its
 * size is fixed ({@value #BUCKETS} counters) whatever it counts.
 */
public final class DurationHistogram {

    static final int LINEAR = 16;
    static final int SUB_BUCKETS = 8;
    /** 0..15 one each, then 8 per power of two from 2^4 to 2^30. */
    static final int BUCKETS = LINEAR + (31 - 4) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    /** Counts one duration (clamped to 0..Integer.MAX_VALUE). */
    public void add(long millis) {
        long value = Math.max(0, Math.min(Integer.MAX_VALUE, millis));
        counts[bucket(value)]++;
        count++;
        max = Math.max(max, value);
    }

    /** Adds every count of {@code other}. */
    public void addAll(DurationHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = Math.addExact(counts[i], other.counts[i]);
        }
        count = Math.addExact(count, other.count);
        max = Math.max(max, other.max);
    }

    /** Sets bucket {@code index} to {@code n} (for a stored histogram). */
    void set(int index, long n, long storedMax) {
        count = Math.addExact(count, n - counts[index]);
        counts[index] = n;
        max = Math.max(max, storedMax);
    }

    public long count() {
        return count;
    }

    public long max() {
        return max;
    }

    long[] counts() {
        return Arrays.copyOf(counts, BUCKETS);
    }

    /** The {@code quantile} (0 < q ≤ 1) by nearest rank, as its bucket's upper bound, at most {@link #max()}. */
    public long percentile(double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    static int bucket(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // 4..30
        int sub = (int) ((value >>> (exponent - 3)) & (SUB_BUCKETS - 1));
        return LINEAR + (exponent - 4) * SUB_BUCKETS + sub;
    }

    static long upperBound(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exponent = 4 + (bucket - LINEAR) / SUB_BUCKETS;
        int sub = (bucket - LINEAR) % SUB_BUCKETS;
        long width = 1L << (exponent - 3);
        return (1L << exponent) + (sub + 1) * width - 1;
    }

    /** The summary the report carries. */
    public DurationSummary summary() {
        return new DurationSummary(count, percentile(0.50), percentile(0.90), percentile(0.99), max);
    }

    /** Per operation: how many, the 50th, 90th and 99th percentiles and the largest, in milliseconds. */
    public record DurationSummary(long count, long p50, long p90, long p99, long max) {
    }
}
