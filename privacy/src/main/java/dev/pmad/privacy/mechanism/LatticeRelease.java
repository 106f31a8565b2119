package dev.pmad.privacy.mechanism;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Releases of real vectors with exact discrete noise: the value is put on the lattice
 * gamma Z^d with gamma = 2^-m a power of two, exact discrete Gaussian (or Laplace) noise is added to
 * the integers, and the released numbers are (integer) x gamma. Everything after the noise is
 * post-processing of integers, so the floating-point attack on continuous noise (Mironov 2012)
 * has nothing to work on, and the accounting is that of the discrete mechanisms ({@link
 * dev.pmad.privacy.accounting.DiscreteGaussianBound}) with the sensitivity counted on the
 * lattice, rounding included. Scaling by a power of two is exact in binary floating point, so
 * value / gamma and integer x gamma round nothing (below 2^53 in magnitude, which is checked).
 *
 * <p><b>Granularity.</b> gamma is public: a function of the noise, the bound and the dimension
 * only, never of the data (the released values are multiples of it, so it is seen). It is the largest power of two with gamma &lt;= noise / 2^10 and such that rounding
 * costs at most 2^-10 of the bound (below), so the released values differ from the continuous
 * mechanism's by a lattice step that is a thousandth of the noise: utility is unchanged.
 *
 * <p>Two ways to pay for rounding:
 * <ul>
 *   <li><b>Clipped vectors</b> ({@link #gaussianL2}, {@link #laplaceL1}, {@link #quantizeL2}):
 *       the vector is clipped to C - sqrt(d) gamma / 2 (L2; C - d gamma / 2 for L1), rounded to
 *       the nearest lattice point, and the integer vector's norm is then checked exactly (in
 *       integers) against C / gamma and, should floating point have let it exceed, shrunk entry
 *       by entry toward zero until it fits. Every released integer vector has norm at most
 *       C / gamma, whatever the input: the sensitivity in lattice units is the continuous one
 *       over gamma, and the noise sigma / gamma keeps the noise multiplier z exactly.</li>
 *   <li><b>Sums that cannot be clipped</b> ({@link #gaussianSum}): deterministic rounding of
 *       neighbouring sums s, s' gives ||round(s/gamma) - round(s'/gamma)||_2 &lt;= ||s - s'||_2 / gamma
 *       + sqrt(d), so the noise is sigma_Z = z (Delta / gamma + ceil(sqrt d)) in lattice units,
 *       with gamma small enough that ceil(sqrt d) &lt;= 2^-10 Delta / gamma: the same z, at most
 *       0.1% more noise. (The sensitivity Delta is that of the exact sums; floating-point
 *       summation error is not counted, as in every continuous release.)</li>
 * </ul>
 */
public final class LatticeRelease {
    /** Rounding and the lattice step each cost at most 2^-10 of the noise or of the bound. */
    static final int PRECISION_BITS = 10;
    /** Integers on the lattice stay below 2^53 so that integer x gamma is exact. */
    private static final double MAX_LATTICE = 0x1p53;

    private LatticeRelease() {}

    /**
     * The exponent m of the lattice step gamma = 2^-m for a vector of {@code dimension}
     * entries clipped to {@code clipNorm} (L2 when {@code l1} is false) and noise of stddev (or
     * scale) {@code noise}: the smallest m with gamma &lt;= noise / 2^10 and rounding slack
     * (sqrt(d) gamma / 2 in L2, d gamma / 2 in L1) &lt;= clipNorm / 2^10.
     */
    public static int clippedExponent(double clipNorm, double noise, int dimension, boolean l1) {
        Checks.requirePositiveFinite(clipNorm, "clip norm", "set DP_CLIP_NORM to a positive number such as 1.0");
        Checks.requirePositiveFinite(noise, "noise", "it is noise multiplier x sensitivity");
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        double slack = l1 ? dimension / 2.0 : Math.sqrt(dimension) / 2;
        int m = Math.max(exponentAtMost(noise), exponentAtMost(clipNorm / slack));
        return Math.min(m, maxExponent(clipNorm));
    }

    /**
     * The finest lattice on which a value of magnitude {@code bound} is at most 2^40 steps, so
     * that sums of many of them and their noise stay far below 2^53. Only a near-zero noise (a
     * test's) makes the rule above ask for finer; privacy does not depend on the step, the noise
     * in lattice units is then below the 2^10 steps the rule aims at.
     */
    private static int maxExponent(double bound) {
        return 40 - Math.getExponent(bound) - 1;
    }

    /** Smallest m with 2^-m &lt;= x / 2^10. */
    private static int exponentAtMost(double x) {
        int m = PRECISION_BITS - Math.getExponent(x); // 2^-m <= 2^(getExponent(x) - 10) <= x / 2^10
        return m;
    }

    /**
     * {@code v} clipped to L2 norm {@code clipNorm} and put on the lattice 2^-m Z^d with the
     * integer vector's norm at most clipNorm x 2^m, checked exactly (see the class note).
     */
    public static long[] quantizeL2(double[] v, double clipNorm, int m) {
        int d = v.length;
        double gamma = Math.scalb(1.0, -m);
        double inner = clipNorm - Math.sqrt(d) * gamma / 2;
        if (!(inner > 0)) throw new IllegalArgumentException("lattice step " + gamma + " too coarse for clip norm " + clipNorm);
        long[] k = round(Clipping.toL2Norm(v, inner), m);
        BigDecimal bound = new BigDecimal(Math.scalb(clipNorm, m)); // exact
        BigDecimal boundSquared = bound.multiply(bound);
        while (new BigDecimal(sumOfSquares(k)).compareTo(boundSquared) > 0) shrinkLargest(k);
        return k;
    }

    /** As {@link #quantizeL2} for the L1 norm. */
    public static long[] quantizeL1(double[] v, double clipNorm, int m) {
        int d = v.length;
        double gamma = Math.scalb(1.0, -m);
        double inner = clipNorm - d * gamma / 2;
        if (!(inner > 0)) throw new IllegalArgumentException("lattice step " + gamma + " too coarse for clip norm " + clipNorm);
        long[] k = round(Clipping.toL1Norm(v, inner), m);
        BigDecimal bound = new BigDecimal(Math.scalb(clipNorm, m));
        while (new BigDecimal(sumOfAbs(k)).compareTo(bound) > 0) shrinkLargest(k);
        return k;
    }

    /**
     * The local-mode Gaussian release: {@code v} clipped to L2 norm {@code clipNorm}, on the
     * lattice, plus N_Z(0, (stddev / gamma)^2) per entry, times gamma. With stddev = z x the
     * sensitivity of a change of v, the release is the discrete Gaussian mechanism at multiplier z.
     */
    public static double[] gaussianL2(double[] v, double clipNorm, double stddev, RandomGenerator random) {
        int m = clippedExponent(clipNorm, stddev, v.length, false);
        long[] k = quantizeL2(v, clipNorm, m);
        addDiscreteGaussian(k, DiscreteGaussian.ofStddev(Math.scalb(stddev, m), random));
        return dequantize(k, m);
    }

    /** The local-mode Laplace release: L1 clipping, the lattice, discrete Laplace of scale / gamma, times gamma. */
    public static double[] laplaceL1(double[] v, double clipNorm, double scale, RandomGenerator random) {
        int m = clippedExponent(clipNorm, scale, v.length, true);
        long[] k = quantizeL1(v, clipNorm, m);
        DiscreteLaplace noise = DiscreteLaplace.ofScale(Math.scalb(scale, m), random);
        for (int i = 0; i < k.length; i++) k[i] = Math.addExact(k[i], noise.sample());
        return dequantize(k, m);
    }

    /**
     * A sum of L2 sensitivity {@code l2Sensitivity} released with the discrete Gaussian at noise
     * multiplier {@code noiseMultiplier}: rounded to the lattice, plus N_Z(0, sigma_Z^2) with
     * sigma_Z = z (Delta / gamma + ceil(sqrt d)) (class note), times gamma.
     */
    public static double[] gaussianSum(double[] sum, double l2Sensitivity, double noiseMultiplier, RandomGenerator random) {
        Objects.requireNonNull(sum, "sum");
        Checks.requirePositiveFinite(l2Sensitivity, "L2 sensitivity", "it is the clip norm's bound on one record's change");
        Checks.requirePositiveFinite(noiseMultiplier, "noise multiplier", "zero noise gives no privacy; use DP_MODE=none");
        if (sum.length == 0) return new double[0];
        long r = ceilSqrt(sum.length);
        // gamma <= sigma / 2^10 and r <= 2^-10 Delta / gamma.
        int m = Math.min(Math.max(exponentAtMost(noiseMultiplier * l2Sensitivity), exponentAtMost(l2Sensitivity / r)),
                maxExponent(l2Sensitivity)); // public inputs only: the step must not depend on the data
        long[] k = round(sum, m);
        double sigma = Math.nextUp(noiseMultiplier * Math.nextUp(Math.scalb(l2Sensitivity, m) + r));
        addDiscreteGaussian(k, DiscreteGaussian.ofStddev(sigma, random));
        return dequantize(k, m);
    }

    /** Adds one draw of {@code noise} to each entry. */
    public static void addDiscreteGaussian(long[] k, DiscreteGaussian noise) {
        for (int i = 0; i < k.length; i++) {
            k[i] = Math.addExact(k[i], noise.sample());
            if (Math.abs((double) k[i]) >= MAX_LATTICE) throw new ArithmeticException("lattice value " + k[i] + " beyond 2^53");
        }
    }

    /** The integers times 2^-m, exact below 2^53. */
    public static double[] dequantize(long[] k, int m) {
        double[] out = new double[k.length];
        for (int i = 0; i < k.length; i++) out[i] = Math.scalb((double) k[i], -m);
        return out;
    }

    /** Nearest lattice point of each entry (ties to even): value x 2^m is exact. */
    static long[] round(double[] v, int m) {
        long[] k = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double scaled = Math.scalb(v[i], m);
            if (!(Math.abs(scaled) < MAX_LATTICE)) {
                throw new IllegalArgumentException("entry " + i + " (" + v[i] + ") is too large or not finite for the"
                        + " lattice step 2^-" + m + ": values must stay below 2^53 steps");
            }
            k[i] = (long) Math.rint(scaled); // exact: |value - k| <= 1/2
        }
        return k;
    }

    static long ceilSqrt(long d) {
        long r = BigInteger.valueOf(d).sqrt().longValueExact();
        return r * r == d ? r : r + 1;
    }

    private static BigInteger sumOfSquares(long[] k) {
        BigInteger s = BigInteger.ZERO;
        for (long x : k) s = s.add(BigInteger.valueOf(x).multiply(BigInteger.valueOf(x)));
        return s;
    }

    private static BigInteger sumOfAbs(long[] k) {
        BigInteger s = BigInteger.ZERO;
        for (long x : k) s = s.add(BigInteger.valueOf(Math.abs(x)));
        return s;
    }

    /** Moves the entry of largest magnitude one step toward zero: only ever lowers the norm. */
    private static void shrinkLargest(long[] k) {
        int at = 0;
        for (int i = 1; i < k.length; i++) if (Math.abs(k[i]) > Math.abs(k[at])) at = i;
        if (k[at] == 0) throw new IllegalStateException("cannot shrink a zero vector");
        k[at] -= Long.signum(k[at]);
    }
}
