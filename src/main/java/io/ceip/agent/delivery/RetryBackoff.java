package io.ceip.agent.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * The wait before a retry: exponential backoff with full jitter. Before retry {@code n} (1, 2, …) the agent waits a
 * random time between 0 and {@code min(maxDelay, initialDelay * multiplier^(n-1))} (defaults: 5 s, ×2, at most
 * 5 min). When the server asked for a delay ({@code Retry-After} on 429 or 503), the wait is at least that delay,
 * capped by {@code maxRetryAfter}, so a server that asks for a pause is never hammered.
 */
public final class RetryBackoff {

    private final long initialMillis;
    private final double multiplier;
    private final long maxMillis;
    private final long maxRetryAfterMillis;
    private final LongUnaryOperator random;

    /**
     * @param random returns a uniformly random value in {@code [0, bound]} for a bound
     */
    public RetryBackoff(Duration initialDelay, double multiplier, Duration maxDelay, Duration maxRetryAfter,
            LongUnaryOperator random) {
        if (multiplier < 1) {
            throw new IllegalArgumentException("ceip.retry.multiplier must be at least 1, was " + multiplier);
        }
        this.initialMillis = initialDelay.toMillis();
        this.multiplier = multiplier;
        this.maxMillis = maxDelay.toMillis();
        this.maxRetryAfterMillis = maxRetryAfter.toMillis();
        this.random = random;
    }

    /** The upper bound of the jittered wait before retry {@code retry} (1-based). */
    public long ceilingMillis(int retry) {
        double ceiling = initialMillis * Math.pow(multiplier, Math.max(0, retry - 1));
        return (long) Math.min(maxMillis, ceiling);
    }

    /** The wait before retry {@code retry}, given the server's {@code Retry-After}, if any. */
    public long delayMillis(int retry, Optional<Duration> retryAfter) {
        long jittered = random.applyAsLong(ceilingMillis(retry));
        long asked = retryAfter.map(wait -> wait.isNegative() ? 0L
                : wait.compareTo(Duration.ofMillis(maxRetryAfterMillis)) > 0 ? maxRetryAfterMillis : wait.toMillis())
                .orElse(0L);
        return Math.max(jittered, asked);
    }
}
