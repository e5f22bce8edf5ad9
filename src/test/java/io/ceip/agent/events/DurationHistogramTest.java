package io.ceip.agent.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Percentiles from the fixed log-bucket histogram: within 12.5 % above the true value, the largest kept exactly. */
class DurationHistogramTest {

    @Test
    void percentilesOfOneToTenThousandAreWithinTheBucketPrecision() {
        DurationHistogram histogram = new DurationHistogram();
        for (int millis = 1; millis <= 10_000; millis++) {
            histogram.add(millis);
        }
        assertThat(histogram.count()).isEqualTo(10_000);
        assertThat(histogram.max()).isEqualTo(10_000);
        assertWithin(histogram.percentile(0.50), 5_000);
        assertWithin(histogram.percentile(0.90), 9_000);
        assertWithin(histogram.percentile(0.99), 9_900);
        assertThat(histogram.summary()).isEqualTo(new DurationHistogram.DurationSummary(10_000,
                histogram.percentile(0.5), histogram.percentile(0.9), histogram.percentile(0.99), 10_000));
    }

    private static void assertWithin(long actual, long exact) {
        assertThat(actual).isGreaterThanOrEqualTo(exact).isCloseTo(exact, within(exact / 8));
    }

    @Test
    void smallValuesAreExactAndOneOutlierIsTheMax() {
        DurationHistogram histogram = new DurationHistogram();
        for (int i = 0; i < 99; i++) {
            histogram.add(7);
        }
        histogram.add(1_234_567);
        assertThat(histogram.percentile(0.50)).isEqualTo(7);
        assertThat(histogram.percentile(0.99)).isEqualTo(7);
        assertThat(histogram.percentile(1.0)).isEqualTo(1_234_567);
        assertThat(histogram.max()).isEqualTo(1_234_567);
    }

    @Test
    void mergedHistogramsCountAsOne() {
        DurationHistogram a = new DurationHistogram();
        DurationHistogram b = new DurationHistogram();
        DurationHistogram both = new DurationHistogram();
        for (int i = 1; i <= 500; i++) {
            a.add(i * 3L);
            b.add(i * 1000L);
            both.add(i * 3L);
            both.add(i * 1000L);
        }
        a.addAll(b);
        assertThat(a.summary()).isEqualTo(both.summary());
    }

    @Test
    void everyBucketBoundIsAboveItsValuesAndTheRangeIsCovered() {
        for (long v : new long[] { 0, 1, 15, 16, 17, 31, 32, 1000, 65_535, 1L << 30, Integer.MAX_VALUE }) {
            int bucket = DurationHistogram.bucket(v);
            assertThat(bucket).isBetween(0, DurationHistogram.BUCKETS - 1);
            assertThat(DurationHistogram.upperBound(bucket)).isGreaterThanOrEqualTo(v)
                    .isLessThanOrEqualTo(v + v / 8);
        }
        DurationHistogram clamped = new DurationHistogram();
        clamped.add(Long.MAX_VALUE);
        clamped.add(-5);
        assertThat(clamped.max()).isEqualTo(Integer.MAX_VALUE);
        assertThat(clamped.percentile(0.5)).isZero();
    }
}
