package dev.merino.benchmarks.load;

/**
 * A log-linear latency histogram in nanoseconds: exact below 128 ns, then buckets 1/64 of their
 * value wide, so a percentile is within 2% of the recorded value. Not thread-safe: one per
 * event loop, merged at the end.
 */
final class Histogram {
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[64 * SUB];
    private long total;
    private long max;

    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** Returns the value at the percentile (0-100): the upper edge of its bucket. */
    long percentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    private static int index(long value) {
        if (value < SUB) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS + 1;
        int sub = (int) (value >>> exponent) & (SUB - 1);
        return exponent * SUB + sub;
    }

    private static long upperEdge(int index) {
        int exponent = index / SUB;
        long sub = index % SUB;
        return exponent == 0 ? sub : ((sub + 1) << exponent) - 1;
    }
}
