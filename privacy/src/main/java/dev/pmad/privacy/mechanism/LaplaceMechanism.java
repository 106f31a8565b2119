package dev.pmad.privacy.mechanism;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Adds independent Laplace(0, b) noise to each coordinate. With {@code b = Delta_1 / epsilon}
 * on a vector whose L1 sensitivity is {@code Delta_1}, one release is epsilon-DP; {@link
 * dev.pmad.privacy.accounting.RdpAccountant#composeLaplace} charges its exact Renyi-DP curve.
 *
 * <p>Samples by inverting the CDF of one uniform draw. {@code nextDouble()} may return 0,
 * which would map to an infinite sample, so 0 is redrawn.
 *
 * <p>Thread-safe when the generator is ({@link java.security.SecureRandom} is).
 *
 * <p>When not to use: on a vector clipped in L2 rather than L1 (the calibration is then wrong
 * by up to a factor of sqrt(dimension), the seed's bug), for many composed releases where
 * Gaussian noise is far tighter under RDP, or where the exact floating-point output is seen and
 * a guarantee against floating-point attacks is required (Mironov 2012).
 */
public final class LaplaceMechanism {
    private final RandomGenerator random;

    /** @param random the noise source; pass {@link RandomSources#secureRandom()} outside tests */
    public LaplaceMechanism(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Same as {@link RandomSources#secureRandom()}, here so callers of this class find it. */
    public static RandomGenerator secureRandom() {
        return RandomSources.secureRandom();
    }

    /** Same as {@link RandomSources#seededDrbg(long)}: reproducible simulations only, no privacy. */
    public static RandomGenerator seededDrbg(long seed) {
        return RandomSources.seededDrbg(seed);
    }

    /** A new array: {@code v} plus Laplace(0, scale) in each coordinate. */
    public double[] addNoise(double[] v, double scale) {
        requireScale(scale);
        double[] out = v.clone();
        addNoiseInPlace(out, scale);
        return out;
    }

    /** Adds Laplace(0, scale) to each coordinate of {@code v} itself. */
    public void addNoiseInPlace(double[] v, double scale) {
        requireScale(scale);
        for (int i = 0; i < v.length; i++) {
            v[i] += sample(scale);
        }
    }

    private double sample(double scale) {
        double u;
        do {
            u = random.nextDouble();
        } while (u == 0.0);
        // Inverse CDF: b ln(2u) below the median, -b ln(2 - 2u) above; both finite for u in (0, 1).
        return u < 0.5 ? scale * Math.log(2 * u) : -scale * Math.log(2 - 2 * u);
    }

    private static void requireScale(double scale) {
        Checks.requirePositiveFinite(scale, "Laplace noise scale",
                "it is L1 sensitivity / epsilon; zero noise gives no privacy, so to train"
                        + " without DP set DP_MODE=none instead");
    }
}
