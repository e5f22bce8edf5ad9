package io.ceip.agent.privacy;

/**
 * Turns an exact count into a range, as Metabase's anonymous stats do, so that installations cannot be told apart
 * by their exact numbers: {@code 0}, {@code 1-5}, {@code 6-10}, {@code 11-25}, {@code 26-50}, {@code 51-100},
 * {@code 101-250}, … (upper bounds 1, 2.5 and 5 times a power of ten).
 */
public final class CountBins {

    private CountBins() {
    }

    public static String bin(long count) {
        if (count <= 0) {
            return "0";
        }
        long lower = 0;
        long upper = 5;
        long decade = 1;
        while (count > upper) {
            lower = upper;
            if (upper == 5 * decade) {
                decade *= 10;
                upper = decade;
            } else if (upper == decade) {
                upper = decade * 5 / 2;
            } else {
                upper = 5 * decade;
            }
            if (decade > Long.MAX_VALUE / 100) {
                return ">" + lower;
            }
        }
        return (lower + 1) + "-" + upper;
    }
}
