package io.ceip.agent.privacy;

/**
 * The text a redaction detector's regular expression reads, counting each character it reads: past
 * {@value #BASE} plus {@value #PER_CHAR} per character of the text, the match is abandoned ({@link Exceeded}). The
 * shipped patterns read each character a bounded number of times (possessive quantifiers, anchored look-behinds:
 * 0.1–0.4 s for a hostile 1 MiB text); an administrator's pattern that backtracks (such as {@code (?:\S*){30}QQQ})
 * would otherwise take exponential time on one value and hang the collection.
 */
final class MatchBudget implements CharSequence {

    static final long BASE = 1_000_000;
    static final long PER_CHAR = 1_000;

    /** The budget is spent: the pattern reads the text too many times. */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private final int start;
    private final int end;
    private final long[] left;

    MatchBudget(String text) {
        this(text, 0, text.length(), new long[] { BASE + PER_CHAR * text.length() });
    }

    private MatchBudget(String text, int start, int end, long[] left) {
        this.text = text;
        this.start = start;
        this.end = end;
        this.left = left;
    }

    @Override
    public char charAt(int index) {
        if (--left[0] < 0) {
            throw new Exceeded();
        }
        return text.charAt(start + index);
    }

    @Override
    public int length() {
        return end - start;
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return new MatchBudget(text, start + from, start + to, left);
    }

    @Override
    public String toString() {
        return text.substring(start, end);
    }
}
