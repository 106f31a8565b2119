package dev.pmad.privacy.mechanism;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The discrete Gaussian N_Z(0, sigma^2) on the integers: P[Y = y] proportional to
 * exp(-y^2 / (2 sigma^2)), sampled exactly by rejection from a discrete Laplace, Canonne, Kamath
 * and Steinke 2020, "The Discrete Gaussian for Differential Privacy" (arXiv:2004.00010)
 * Algorithm 3: with t = floor(sigma) + 1, draw Y from the discrete Laplace of scale t (Algorithm 2)
 * and keep it with probability exp(-(|Y| - sigma^2 / t)^2 / (2 sigma^2)) (Algorithm 1). sigma^2
 * is a rational number p / q and every step is integer arithmetic, so the samples have exactly
 * this distribution: no floating-point rounding, no Mironov 2012 attack.
 *
 * <p>Privacy (CKS 2020 Theorem 14): adding independent N_Z(0, sigma^2) to each coordinate of an
 * integer vector of L2 sensitivity Delta satisfies (Delta^2 / (2 sigma^2))-zCDP, i.e. the Renyi-DP
 * curve alpha Delta^2 / (2 sigma^2) of the continuous Gaussian mechanism; see {@link
 * dev.pmad.privacy.accounting.DiscreteGaussianBound}. Its variance is below sigma^2 (equal to
 * many digits once sigma &gt;= 1; DiscreteGaussianTest has exact values), so it adds no more noise.
 *
 * <p>Expected cost: a constant expected number of attempts whatever sigma (CKS 2020 Section 5;
 * about ten times slower than nextGaussian from SecureRandom, BENCHMARKS.md); the arithmetic is
 * on integers of about 4 log2(sigma) + 2 log2(q) bits. Thread-safe when the generator is.
 */
public final class DiscreteGaussian {
    /** sigma^2 = p / q, reduced, q &gt; 0. */
    private final BigInteger p;
    private final BigInteger q;
    /** t = floor(sigma) + 1, the Laplace scale of the proposal. */
    private final BigInteger t;
    private final ExactBernoulli exact;

    /**
     * N_Z(0, p / q).
     *
     * @param random uniform words; {@link RandomSources#secureRandom()} outside tests
     */
    public DiscreteGaussian(BigInteger varianceNumerator, BigInteger varianceDenominator, RandomGenerator random) {
        Objects.requireNonNull(varianceNumerator, "varianceNumerator");
        Objects.requireNonNull(varianceDenominator, "varianceDenominator");
        if (varianceNumerator.signum() <= 0 || varianceDenominator.signum() <= 0) {
            throw new IllegalArgumentException("discrete Gaussian sigma^2 = p/q needs p, q > 0, was "
                    + varianceNumerator + "/" + varianceDenominator
                    + ": zero noise gives no privacy, so to release without DP set DP_MODE=none");
        }
        BigInteger g = varianceNumerator.gcd(varianceDenominator);
        this.p = varianceNumerator.divide(g);
        this.q = varianceDenominator.divide(g);
        // floor(sqrt(p/q)) is the largest a with a^2 <= p/q, i.e. a^2 <= floor(p/q).
        this.t = p.divide(q).sqrt().add(BigInteger.ONE);
        this.exact = new ExactBernoulli(random);
    }

    /** N_Z(0, sigma^2) for sigma^2 exactly {@code variance} (a decimal, hence rational). */
    public static DiscreteGaussian ofVariance(BigDecimal variance, RandomGenerator random) {
        BigInteger[] r = Rationals.of(variance);
        return new DiscreteGaussian(r[0], r[1], random);
    }

    /**
     * N_Z(0, sigma^2) for sigma^2 = {@code stddev}^2 computed exactly: a finite double is a
     * rational with a power-of-two denominator, and so is its square, so nothing is rounded and
     * the variance is exactly the square of the double the caller computed.
     */
    public static DiscreteGaussian ofStddev(double stddev, RandomGenerator random) {
        Checks.requirePositiveFinite(stddev, "discrete Gaussian stddev",
                "it is noise multiplier x sensitivity in integer units; zero noise gives no privacy, so to"
                        + " release without DP set DP_MODE=none");
        BigDecimal s = new BigDecimal(stddev);
        return ofVariance(s.multiply(s), random);
    }

    /** One draw of N_Z(0, sigma^2): the interface a distributed-noise protocol needs. */
    public long sample() {
        return sampleBig().longValueExact();
    }

    /** One draw, as a BigInteger (for sigma so large that a sample might not fit a long). */
    public BigInteger sampleBig() {
        // bias = (|Y| - sigma^2/t)^2 / (2 sigma^2) = (|Y| q t - p)^2 / (2 p q t^2), all integers.
        BigInteger qt = q.multiply(t);
        BigInteger denominator = p.multiply(qt).multiply(t).shiftLeft(1);
        while (true) {
            BigInteger y = exact.discreteLaplace(BigInteger.ONE, t);
            BigInteger numerator = y.abs().multiply(qt).subtract(p).pow(2);
            if (exact.bernoulliExp(numerator, denominator)) return y;
        }
    }

    /** sigma^2 as a double (for accounting and messages, not for sampling). */
    public double variance() {
        return new BigDecimal(p).divide(new BigDecimal(q), MathContext.DECIMAL64).doubleValue();
    }
}
