package dev.pmad.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Statistical tests of the exact discrete Laplace sampler (CKS 2020 Algorithm 2), deterministic
 * through seeded SHA1PRNG generators. Reference variances, computed independently by summing the
 * pmf exp(-|x| / b) with mpmath:
 * <pre>
 * from mpmath import mp, mpf, exp, nsum, inf; mp.dps = 40
 * Z = nsum(lambda x: exp(-abs(x)/b), [-inf, inf]); V = nsum(lambda x: x*x*exp(-abs(x)/b), [-inf, inf]) / Z
 * </pre>
 * b = 0.5: 0.3620308304831552332; b = 3: 17.834255192513014287; b = 1000: 1999999.8333333416667;
 * b = 1e6: 1999999999999.8333333 (the closed form 2 e^(-1/b) / (1 - e^(-1/b))^2 agrees). The
 * tail P[|X| &gt;= k] = 2 e^(-k/b) / (1 + e^(-1/b)) is checked at k = ceil(2b).
 */
class DiscreteLaplaceTest {

    @Test
    void scaleHalf() {
        check(0.5, 0.3620308304831552332, 200_000, 21L);
    }

    @Test
    void scaleThree() {
        check(3, 17.834255192513014287, 200_000, 22L);
    }

    @Test
    void scaleThousand() {
        check(1000, 1999999.8333333416667, 100_000, 23L);
    }

    @Test
    void scaleMillion() {
        check(1e6, 1999999999999.8333333, 50_000, 24L);
    }

    private static void check(double b, double exactVariance, int n, long seed) {
        var lap = DiscreteLaplace.ofScale(b, RandomSources.seededDrbg(seed));
        long k = (long) Math.ceil(2 * b);
        double r = Math.exp(-1 / b);
        double exactTail = 2 * Math.exp(-k / b) / (1 + r);
        double p0 = (1 - r) / (1 + r);
        double sum = 0;
        double sumSq = 0;
        double sumFourth = 0;
        long tail = 0;
        long zeros = 0;
        for (int i = 0; i < n; i++) {
            long x = lap.sample();
            sum += x;
            sumSq += (double) x * x;
            sumFourth += ((double) x * x) * ((double) x * x);
            if (Math.abs(x) >= k) tail++;
            if (x == 0) zeros++;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertEquals(0, mean, 5 * Math.sqrt(exactVariance / n), "mean, scale " + b);
        // Laplace: E X^4 is about 6 V^2 (continuous: 24 b^4 = 6 (2 b^2)^2), so Var(sample variance) <= 6 V^2 / n.
        assertEquals(exactVariance, variance, 5 * Math.sqrt(6 * exactVariance * exactVariance / n + exactVariance / n),
                "variance, scale " + b);
        assertEquals(exactTail, (double) tail / n, 5 * Math.sqrt(exactTail * (1 - exactTail) / n) + 1.0 / n,
                "P[|X| >= " + k + "], scale " + b);
        assertEquals(p0, (double) zeros / n, 5 * Math.sqrt(p0 * (1 - p0) / n) + 1.0 / n, "P[X = 0], scale " + b);
    }

    @Test
    void chiSquare_onTheCentralValues_scaleTwo() {
        // Bins x <= -4, -3 .. 3, x >= 4 (9 bins, df 8); pmf (1 - r)/(1 + r) r^|x| with r = e^(-1/2).
        int n = 200_000;
        var lap = new DiscreteLaplace(BigInteger.TWO, BigInteger.ONE, RandomSources.seededDrbg(25));
        long[] observed = new long[9];
        for (int i = 0; i < n; i++) observed[(int) (Math.max(-4, Math.min(4, lap.sample())) + 4)]++;
        double r = Math.exp(-0.5);
        double c = (1 - r) / (1 + r);
        double chi2 = 0;
        for (int b = 0; b < 9; b++) {
            int x = b - 4;
            double p = Math.abs(x) == 4 ? c * Math.pow(r, 4) / (1 - r) : c * Math.pow(r, Math.abs(x));
            double e = p * n;
            chi2 += (observed[b] - e) * (observed[b] - e) / e;
        }
        // scipy.stats.chi2.isf(1e-4, 8) = 31.82762800126232
        assertTrue(chi2 < 31.82762800126232, "chi-square " + chi2);
    }

    @Test
    void nonPositiveScale_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> DiscreteLaplace.ofScale(0, RandomSources.seededDrbg(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new DiscreteLaplace(BigInteger.ONE, BigInteger.ZERO, RandomSources.seededDrbg(1)));
    }
}
