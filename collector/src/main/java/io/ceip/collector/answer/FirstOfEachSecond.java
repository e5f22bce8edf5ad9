package io.ceip.collector.answer;

/**
 * Which refusals of one kind get their log line (ceip-http-errors logs a refusal whose {@code logged} is true): the
 * first of each second, its line noting how many went unlogged since the line before; the others are answered alike,
 * without a line. So a client repeating a refused request (the fleet view without its token: no token is needed to
 * ask) writes one line a second, not one per request. On a monotonic clock; thread-safe.
 */
public final class FirstOfEachSecond {

    private int unlogged;
    private long second = Long.MIN_VALUE; // nanoTime may be negative

    /** The refusal to throw now: logged when it is its second's first, else unlogged. */
    public synchronized RefusedException refusal(Refusal refusal) {
        long now = System.nanoTime() / 1_000_000_000L;
        if (now == second) {
            unlogged++;
            return RefusedException.unlogged(refusal);
        }
        second = now;
        String note = unlogged == 0 ? "" : "; " + unlogged + " more since the line before, not logged";
        unlogged = 0;
        return RefusedException.noted(refusal, note);
    }
}
