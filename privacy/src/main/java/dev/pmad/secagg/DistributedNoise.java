package dev.pmad.secagg;

/**
 * Distributed DP (Kairouz, Liu, Steinke 2021, "The Distributed Discrete Gaussian Mechanism for
 * Federated Learning with Secure Aggregation", ICML 2021): each agent adds integer noise
 * of variance (sigma s)^2 / t to its encoded input before masking, where sigma is the central
 * noise standard deviation in input units, s the {@link Quantizer#scale()} and t the threshold;
 * any t or more contributors then carry total variance at least (sigma s)^2. The sampler is an
 * {@link IntSampler}, meant to be an exact discrete Gaussian (Canonne, Kamath, Steinke 2020).
 * See the package documentation for what is and is not guaranteed; accounting lives elsewhere.
 */
public final class DistributedNoise {
    private DistributedNoise() {}

    /**
     * The variance parameter each agent's discrete Gaussian gets, in ring units (the actual
     * variance of N_Z(0, v) is slightly below v, Canonne et al. 2020): (sigma * scale)^2 / threshold, so that any
     * {@code threshold} or more contributors together carry variance (sigma * scale)^2.
     *
     * @param sigma the central noise standard deviation in input units
     * @param scale ring units per input unit ({@link Quantizer#scale()})
     * @param threshold t, the fewest contributors a finished round can have
     */
    public static double perAgentVariance(double sigma, double scale, int threshold) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise sigma must be finite and >= 0, was " + sigma);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("quantizer scale must be finite and > 0, was "
                    + scale);
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be >= 1, was " + threshold);
        }
        double s = sigma * scale;
        return s * s / threshold;
    }

    /**
     * The per-coordinate bound to give {@link Quantizer#forBound} so that the noise, too, fits:
     * clip + z sigma / sqrt(t). With m contributors the summed noise per coordinate has standard
     * deviation sigma sqrt(m / t), which exceeds its budget m z sigma / sqrt(t) with probability
     * at most about that of |N(0, 1)| &gt; z sqrt(m) (Canonne, Kamath, Steinke 2020 show the
     * discrete Gaussian with parameter sigma^2 is sub-Gaussian with variance proxy sigma^2);
     * z = 10 makes a wrap-around practically impossible.
     */
    public static double boundWithNoise(double clip, double sigma, int threshold, double z) {
        if (!(clip > 0) || !(sigma >= 0) || !(z >= 0) || threshold < 1) {
            throw new IllegalArgumentException("need clip > 0, sigma >= 0, z >= 0, threshold >= 1;"
                    + " was clip " + clip + ", sigma " + sigma + ", z " + z + ", threshold "
                    + threshold);
        }
        return clip + z * sigma / Math.sqrt(threshold);
    }

    /** A copy of {@code encoded} with one draw of {@code sampler} added to each entry, mod 2^bits. */
    public static long[] addTo(long[] encoded, IntSampler sampler, int bits) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("secure aggregation bits must be in 1..64, was "
                    + bits);
        }
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        long[] out = new long[encoded.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (encoded[i] + sampler.sample()) & mask;
        }
        return out;
    }
}
