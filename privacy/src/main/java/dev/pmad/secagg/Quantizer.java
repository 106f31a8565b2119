package dev.pmad.secagg;

import java.util.random.RandomGenerator;

/**
 * Fixed-point encoding of bounded real vectors into the ring Z_{2^bits}, with a scale chosen so
 * that the sum of up to {@code maxContributors} encoded vectors cannot overflow: the ring sum,
 * read as a signed number, is exactly the integer sum.
 *
 * <p>Overflow is impossible by construction. Let m = maxContributors, B = bound, L = 2^(bits-1)
 * - 1 (the largest positive value of the signed reading) and K = floor(L / m) - 1. The scale is
 * s = K / B. Each coordinate is clamped to [-B, B], so |x s| &lt;= K, and rounding (nearest or
 * randomized) moves it by less than 1, so the encoded |q| &lt;= K + 1 (also enforced by a clamp
 * against floating-point error). Then for any m' &lt;= m contributors
 * <pre>  |sum q| &lt;= m (K + 1) = m floor(L / m) &lt;= L,</pre>
 * which lies in the signed range [-2^(bits-1), 2^(bits-1) - 1], so decoding is exact.
 *
 * <p>Error of the decoded sum per coordinate, for m' contributors: at most m' / (2 s) with
 * nearest rounding, at most m' / s with randomized rounding (which is unbiased: E[q] = x s).
 * A caller that clips to L2 norm C can pass B = C (every coordinate of a clipped vector is at
 * most C). Distributed DP does not use this scale: it puts inputs on its own lattice and sizes
 * the ring for the noise ({@link DistributedDp}).
 */
public final class Quantizer {
    private final double bound;
    private final int maxContributors;
    private final int bits;
    private final long k;
    private final double scale;

    private Quantizer(double bound, int maxContributors, int bits, long k) {
        this.bound = bound;
        this.maxContributors = maxContributors;
        this.bits = bits;
        this.k = k;
        this.scale = k / bound;
    }

    /**
     * A quantizer for coordinates in [-bound, bound] summed over at most {@code maxContributors}
     * agents in a ring of {@code bits} bits.
     *
     * @throws IllegalArgumentException naming the setting when no scale of at least one ring
     *     unit per input unit's bound exists (too few bits for this many agents)
     */
    public static Quantizer forBound(double bound, int maxContributors, int bits) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("quantization bound (the clip norm) must be a"
                    + " positive finite number, was " + bound);
        }
        if (maxContributors < 1) {
            throw new IllegalArgumentException("maxContributors must be >= 1, was "
                    + maxContributors);
        }
        if (bits < 2 || bits > 64) {
            throw new IllegalArgumentException("secure aggregation bits must be in 2..64, was "
                    + bits);
        }
        long limit = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long k = limit / maxContributors - 1;
        if (k < 1) {
            throw new IllegalArgumentException("secure aggregation bits = " + bits + " leave no"
                    + " room for " + maxContributors + " contributors: the sum needs"
                    + " bits >= " + (2 + 64 - Long.numberOfLeadingZeros(2L * maxContributors))
                    + "; raise the bits setting or lower the number of agents");
        }
        return new Quantizer(bound, maxContributors, bits, k);
    }

    /** Deterministic (nearest) rounding. */
    public long[] encode(double[] x) {
        return encode(x, null);
    }

    /**
     * Unbiased randomized rounding with {@code rng}: x s is rounded up with probability equal to
     * its fractional part (nearest rounding when {@code rng} is null).
     */
    public long[] encode(double[] x, RandomGenerator rng) {
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        long[] q = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                throw new IllegalArgumentException("cannot encode NaN at index " + i);
            }
            double v = Math.max(-bound, Math.min(bound, x[i])) * scale;
            long r;
            if (rng == null) {
                r = Math.round(v);
            } else {
                double floor = Math.floor(v);
                r = (long) floor + (rng.nextDouble() < v - floor ? 1 : 0);
            }
            r = Math.max(-(k + 1), Math.min(k + 1, r));
            q[i] = r & mask;
        }
        return q;
    }

    /**
     * The real sum of {@code contributors} encoded vectors, from their ring sum: the signed
     * reading divided by the scale.
     */
    public double[] decodeSum(long[] sum, int contributors) {
        if (contributors < 0 || contributors > maxContributors) {
            throw new IllegalArgumentException(contributors + " contributors, but this quantizer"
                    + " rules out overflow only up to " + maxContributors);
        }
        double[] out = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            long v = sum[i];
            if (bits < 64) {
                v &= (1L << bits) - 1;
                if (v >= 1L << (bits - 1)) {
                    v -= 1L << bits;
                }
            }
            out[i] = v / scale;
        }
        return out;
    }

    /** Ring units per unit of input. */
    public double scale() {
        return scale;
    }

    /** The ring size in bits. */
    public int bits() {
        return bits;
    }

    /** The clamp bound on each input coordinate. */
    public double bound() {
        return bound;
    }

    /** The most contributors whose sum cannot overflow. */
    public int maxContributors() {
        return maxContributors;
    }
}
