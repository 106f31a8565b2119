package dev.pmad.secagg;

import java.util.random.RandomGenerator;

/**
 * Fixed-point encoding of bounded real vectors into the ring Z_{2^bits}, scaled so that the sum
 * of up to {@code maxContributors} encoded vectors cannot overflow.
 */
public final class Quantizer {
    private Quantizer() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * A quantizer for coordinates in [-bound, bound] summed over at most {@code maxContributors}
     * agents in a ring of {@code bits} bits.
     *
     * @throws IllegalArgumentException naming the setting when no positive scale exists
     */
    public static Quantizer forBound(double bound, int maxContributors, int bits) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Deterministic (nearest) rounding. */
    public long[] encode(double[] x) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Unbiased randomized rounding with {@code rng}. */
    public long[] encode(double[] x, RandomGenerator rng) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The real sum of {@code contributors} encoded vectors, from their ring sum. */
    public double[] decodeSum(long[] sum, int contributors) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Ring units per unit of input. */
    public double scale() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The ring size in bits. */
    public int bits() {
        throw new UnsupportedOperationException("skeleton");
    }
}
