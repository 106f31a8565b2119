package dev.pmad.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Statistical tests of the exact discrete Gaussian sampler. Every generator is a seeded SHA1PRNG
 * ({@link RandomSources#seededDrbg}), so each test sees the same draws on every run: deterministic,
 * never flaky; the bounds are 5 standard errors (moments, tails) or the chi-square quantile at
 * p = 1e-4, so a seed passing them says nothing special about the seed.
 *
 * <p>Reference values, computed independently of this code by summing the pmf
 * exp(-x^2 / (2 sigma^2)) with mpmath at 30 digits over |x| &lt;= 40 sigma (tail &lt; e^-800):
 * <pre>
 * from mpmath import mp, mpf, exp; mp.dps = 30
 * for s in ['0.5', '3', '1000']:
 *     s2 = mpf(s)**2; R = int(40*mpf(s)) + 5
 *     Z = 1 + 2*sum(exp(-x*x/(2*s2)) for x in range(1, R))
 *     V = 2*sum(x*x*exp(-x*x/(2*s2)) for x in range(1, R)) / Z
 *     T = 2*sum(exp(-x*x/(2*s2)) for x in range(int(2*mpf(s))+1, R)) / Z   # P[|X| > floor(2 sigma)]
 * </pre>
 * sigma = 0.5: V = 0.21501267508813848638, T = 0.00052775411176265182353; sigma = 3: V = 9.0
 * (to 20 digits: the deficit is about e^-177), T = 0.029499148055243055116; sigma = 1000:
 * V = 1000000.0, T = 0.045446290926833764128. sigma = 1e6: V = sigma^2 (deficit about
 * e^(-2 pi^2 10^12), CKS 2020 Lemma 20), T approximated by the midpoint rule,
 * erfc((2 sigma + 1/2) / (sigma sqrt 2)) = 0.045500209905418896689 (error ~1e-12). Chi-square
 * critical values: scipy.stats.chi2.isf(1e-4, df).
 */
class DiscreteGaussianTest {

    @Test
    void sigmaHalf_momentsTailAndChiSquare() {
        check(0.5, 0.21501267508813848638, 0.00052775411176265182353, 200_000, 11L);
    }

    @Test
    void sigmaThree_momentsTailAndChiSquare() {
        check(3, 9.0, 0.029499148055243055116, 200_000, 12L);
    }

    @Test
    void sigmaThousand_momentsTailAndChiSquare() {
        check(1000, 1_000_000.0, 0.045446290926833764128, 100_000, 13L);
    }

    @Test
    void sigmaMillion_momentsTailAndChiSquare() {
        check(1e6, 1e12, 0.045500209905418896689, 50_000, 14L);
    }

    /**
     * Draws {@code n} samples and checks the mean (0), the variance (the exact discrete one), the
     * frequency of |X| &gt; floor(2 sigma), and a chi-square goodness of fit of the pmf on 14 bins
     * (or single values for small sigma) covering the central mass, tails merged into the end bins.
     */
    private static void check(double sigma, double exactVariance, double exactTail, int n, long seed) {
        var g = DiscreteGaussian.ofStddev(sigma, RandomSources.seededDrbg(seed));
        long[] draws = new long[n];
        for (int i = 0; i < n; i++) draws[i] = g.sample();

        double sum = 0;
        double sumSq = 0;
        long tail = 0;
        long threshold = (long) Math.floor(2 * sigma);
        for (long x : draws) {
            sum += x;
            sumSq += (double) x * x;
            if (Math.abs(x) > threshold) tail++;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertEquals(0, mean, 5 * Math.sqrt(exactVariance / n), "mean of N_Z(0, " + sigma + "^2)");
        // Var of the sample variance is E X^4 - V^2 <= 2 V^2 (+ V for the lattice): 5 standard errors.
        assertEquals(exactVariance, variance, 5 * Math.sqrt((2 * exactVariance + 1) * exactVariance / n),
                "variance of N_Z(0, " + sigma + "^2)");
        double tailSe = Math.sqrt(exactTail * (1 - exactTail) / n);
        assertEquals(exactTail, (double) tail / n, 5 * tailSe + 1.0 / n, "P[|X| > 2 sigma]");

        // Bins: integers when sigma is small, else 12 of width sigma/2 over [-3 sigma, 3 sigma).
        LongUnaryOperator bin;
        int bins;
        if (sigma < 1) {
            bins = 5; // x <= -2, -1, 0, 1, x >= 2
            bin = x -> Math.max(-2, Math.min(2, x)) + 2;
        } else if (sigma < 10) {
            bins = 15; // x <= -7, -6 .. 6, x >= 7
            bin = x -> Math.max(-7, Math.min(7, x)) + 7;
        } else {
            bins = 14; // (-inf, -3s), 12 bins of width s/2, [3s, inf)
            long width = (long) (sigma / 2);
            bin = x -> Math.max(-1, Math.min(12, Math.floorDiv(x + 6 * width, width))) + 1;
        }
        double[] expected = pmfBins(sigma, bins, bin);
        long[] observed = new long[bins];
        for (long x : draws) observed[(int) bin.applyAsLong(x)]++;
        double chi2 = 0;
        for (int b = 0; b < bins; b++) {
            double e = expected[b] * n;
            assertTrue(e >= 5, "bin " + b + " expects " + e + " draws: too few for chi-square");
            chi2 += (observed[b] - e) * (observed[b] - e) / e;
        }
        double critical = switch (bins - 1) {
            case 4 -> 23.512742444990838;
            case 13 -> 40.87065501383601;
            case 14 -> 42.57928895311299;
            default -> throw new IllegalStateException("no critical value for df " + (bins - 1));
        };
        assertTrue(chi2 < critical, "chi-square " + chi2 + " >= " + critical + " (p < 1e-4) for sigma " + sigma);
    }

    /** The pmf exp(-x^2 / 2 sigma^2) / Z summed into bins, over |x| <= 12 sigma + 10 (the rest is < e^-72). */
    private static double[] pmfBins(double sigma, int bins, LongUnaryOperator bin) {
        double[] p = new double[bins];
        long range = (long) Math.ceil(12 * sigma) + 10;
        double z = 0;
        for (long x = -range; x <= range; x++) {
            double w = Math.exp(-(double) x * x / (2 * sigma * sigma));
            z += w;
            p[(int) bin.applyAsLong(x)] += w;
        }
        for (int b = 0; b < bins; b++) p[b] /= z;
        return p;
    }

    @Test
    void rationalVariance_isUsedExactly_andSampleBigAgrees() {
        // sigma^2 = 9/4 given as a fraction and as a decimal: the same distribution, the same draws.
        long a = new DiscreteGaussian(BigInteger.valueOf(9), BigInteger.valueOf(4), RandomSources.seededDrbg(5)).sample();
        long b = DiscreteGaussian.ofVariance(new BigDecimal("2.25"), RandomSources.seededDrbg(5)).sample();
        long c = DiscreteGaussian.ofStddev(1.5, RandomSources.seededDrbg(5)).sampleBig().longValueExact();
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(2.25, DiscreteGaussian.ofStddev(1.5, RandomSources.seededDrbg(5)).variance());
    }

    @Test
    void zeroOrNonFiniteSigma_isRefusedWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> DiscreteGaussian.ofStddev(0, RandomSources.seededDrbg(1)));
        assertTrue(e.getMessage().contains("DP_MODE=none"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DiscreteGaussian.ofStddev(Double.NaN, RandomSources.seededDrbg(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new DiscreteGaussian(BigInteger.ZERO, BigInteger.ONE, RandomSources.seededDrbg(1)));
    }
}
