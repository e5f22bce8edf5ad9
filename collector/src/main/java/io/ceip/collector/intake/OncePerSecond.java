package io.ceip.collector.intake;

/**
 * Counts what is refused and writes one line a second at most, with how many since the last line and what the last
 * one was: so that a flood of refusals writes one log line per second, not one per refusal. The first refusal of a
 * second is told at once (with those counted before it); what is counted after it in that second is told by the
 * next one, or by {@link #flush()}, which {@link IntakeServer} calls every second, so that a burst followed by silence
 * is told too. On a monotonic clock; thread-safe.
 */
final class OncePerSecond {

    /** Writes one line: {@code count} refusals since the last line, {@code last} the last one's details. */
    interface Line {
        void write(int count, String last);
    }

    private final Line line;
    private int counted;
    private String last;
    private long toldSecond = Long.MIN_VALUE; // nanoTime may be negative

    OncePerSecond(Line line) {
        this.line = line;
    }

    /** Counts one refusal, {@code last} its details (a client's address, a status); tells now when it may. */
    void count(String last) {
        int told;
        synchronized (this) {
            counted++;
            this.last = last;
            told = due();
        }
        tell(told, last);
    }

    /** Tells what was counted and not told yet, unless this second was told already. */
    void flush() {
        int told;
        String lastCounted;
        synchronized (this) {
            told = counted > 0 ? due() : 0;
            lastCounted = last;
        }
        tell(told, lastCounted);
    }

    /** How many to tell now (and counted as told), or 0 when this second was told already. */
    private int due() {
        long second = System.nanoTime() / 1_000_000_000L;
        if (second == toldSecond) {
            return 0;
        }
        toldSecond = second;
        int told = counted;
        counted = 0;
        return told;
    }

    /** Writes the line outside the lock: a slow appender stalls no other event loop counting meanwhile. */
    private void tell(int told, String last) {
        if (told > 0) {
            line.write(told, last);
        }
    }
}
