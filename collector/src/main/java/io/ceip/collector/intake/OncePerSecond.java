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
    synchronized void count(String last) {
        counted++;
        this.last = last;
        tellIfDue();
    }

    /** Tells what was counted and not told yet, unless this second was told already. */
    synchronized void flush() {
        if (counted > 0) {
            tellIfDue();
        }
    }

    private void tellIfDue() {
        long second = System.nanoTime() / 1_000_000_000L;
        if (second != toldSecond) {
            toldSecond = second;
            line.write(counted, last);
            counted = 0;
        }
    }
}
