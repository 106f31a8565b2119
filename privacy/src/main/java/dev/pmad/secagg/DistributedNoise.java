package dev.pmad.secagg;

/**
 * Distributed DP: each agent adds its share of the noise to its encoded input before masking.
 */
public final class DistributedNoise {
    private DistributedNoise() {}

    /**
     * The variance each agent adds, in ring units: (sigma * scale)^2 / threshold, so that any
     * {@code threshold} or more contributors together carry variance (sigma * scale)^2.
     */
    public static double perAgentVariance(double sigma, double scale, int threshold) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A copy of {@code encoded} with one draw of {@code sampler} added to each entry, mod 2^bits. */
    public static long[] addTo(long[] encoded, IntSampler sampler, int bits) {
        throw new UnsupportedOperationException("skeleton");
    }
}
