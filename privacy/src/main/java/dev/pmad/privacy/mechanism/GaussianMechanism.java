package dev.pmad.privacy.mechanism;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Adds independent N(0, stddev^2) noise to each coordinate. With {@code stddev = z * c} on a
 * vector whose L2 sensitivity is {@code c}, one release satisfies the Renyi-DP curve
 * {@code alpha / (2 z^2)} that {@link dev.pmad.privacy.accounting.RdpAccountant#composeGaussian}
 * charges.
 *
 * <p>Thread-safe when the generator is ({@link java.security.SecureRandom} is).
 *
 * <p>When not to use: on a vector that was not clipped in L2 (the noise then protects
 * nothing), or where an adversary sees the exact floating-point output and a formal guarantee
 * against floating-point attacks is required (Mironov 2012): use {@link LatticeRelease} (exact
 * discrete Gaussian) there, as every release PMAD sends does except DP-SGD's internal steps and
 * central mode's sampled rounds. Also not for {@code stddev = 0}: to run without DP choose {@code DP_MODE=none}.
 */
public final class GaussianMechanism {
    private final RandomGenerator random;

    /** @param random the noise source; pass {@link RandomSources#secureRandom()} outside tests */
    public GaussianMechanism(RandomGenerator random) {
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

    /** The noise source, for exact discrete noise from the same generator ({@link LatticeRelease}). */
    public RandomGenerator random() {
        return random;
    }

    /** A new array: {@code v} plus N(0, stddev^2) in each coordinate. */
    public double[] addNoise(double[] v, double stddev) {
        requireStddev(stddev);
        double[] out = v.clone();
        addNoiseInPlace(out, stddev);
        return out;
    }

    /** Adds N(0, stddev^2) to each coordinate of {@code v} itself. */
    public void addNoiseInPlace(double[] v, double stddev) {
        requireStddev(stddev);
        for (int i = 0; i < v.length; i++) {
            v[i] += stddev * random.nextGaussian();
        }
    }

    /** One draw of N(0, stddev^2), for a scalar release. */
    public double sample(double stddev) {
        requireStddev(stddev);
        return stddev * random.nextGaussian();
    }

    private static void requireStddev(double stddev) {
        Checks.requirePositiveFinite(stddev, "Gaussian noise stddev",
                "it is noise multiplier x clip norm; zero noise gives no privacy, so to train"
                        + " without DP set DP_MODE=none instead");
    }
}
