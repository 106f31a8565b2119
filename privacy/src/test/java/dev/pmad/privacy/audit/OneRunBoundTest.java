package dev.pmad.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * The p-value and the epsilon bound against binomial tails computed independently: exact
 * rational arithmetic (BigInteger binomial coefficients, BigDecimal powers) instead of log-space
 * doubles, and the closed form of the all-correct case.
 */
class OneRunBoundTest {
    private static final MathContext MC = new MathContext(60);

    /** tail[k] = P[Binomial(r, q) >= k] for k = 0..r+1, from exact coefficients and BigDecimal powers. */
    private static BigDecimal[] exactTails(int r, BigDecimal q) {
        BigDecimal oneMinusQ = BigDecimal.ONE.subtract(q, MC);
        BigDecimal[] tail = new BigDecimal[r + 2];
        tail[r + 1] = BigDecimal.ZERO;
        BigInteger choose = BigInteger.ONE; // C(r, k), built downwards from k = r
        for (int k = r; k >= 0; k--) {
            BigDecimal pmf = new BigDecimal(choose).multiply(q.pow(k, MC), MC).multiply(oneMinusQ.pow(r - k, MC), MC);
            tail[k] = tail[k + 1].add(pmf, MC);
            choose = choose.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(r - k + 1));
        }
        return tail;
    }

    /** Theorem 3.1's right side, term by term in BigDecimal. */
    private static double exactPValue(int m, int r, int v, double eps, double delta) {
        BigDecimal[] tail = exactTails(r, new BigDecimal(1 / (1 + Math.exp(-eps))));
        BigDecimal fv = tail[v];
        BigDecimal alpha = BigDecimal.ZERO;
        for (int i = 1; i <= v; i++) {
            BigDecimal gap = tail[v - i].subtract(fv, MC).divide(BigDecimal.valueOf(i), MC);
            if (gap.compareTo(alpha) > 0) alpha = gap;
        }
        BigDecimal p = fv.add(alpha.multiply(BigDecimal.valueOf(delta), MC).multiply(BigDecimal.valueOf(2L * m), MC), MC);
        return Math.min(1, p.doubleValue());
    }

    @Test
    void pValue_matchesExactArithmetic() {
        int[][] cases = {{1000, 100, 90}, {1000, 200, 140}, {100, 50, 50}, {2000, 40, 39}, {60, 30, 16}, {500, 500, 300}};
        double[] epsilons = {0, 0.5, 1, 2, 3.5};
        double[] deltas = {0, 1e-5, 1e-3};
        for (int[] c : cases) {
            for (double eps : epsilons) {
                for (double delta : deltas) {
                    double expected = exactPValue(c[0], c[1], c[2], eps, delta);
                    double actual = OneRunBound.pValue(c[0], c[1], c[2], eps, delta);
                    assertEquals(expected, actual, 1e-12 + 1e-9 * expected,
                            "m=" + c[0] + " r=" + c[1] + " v=" + c[2] + " eps=" + eps + " delta=" + delta);
                }
            }
        }
    }

    @Test
    void epsilonLowerBound_allCorrectWithoutDelta_isLogitOfSignificanceRoot() {
        // v = r: the p-value is q^r, so the bound solves q^r = alpha: eps = logit(alpha^(1/r)).
        for (int r : new int[] {10, 50, 100, 1000}) {
            double q = Math.pow(0.05, 1.0 / r);
            double expected = Math.log(q / (1 - q));
            assertEquals(expected, OneRunBound.epsilonLowerBound(5000, r, r, 0, 0.05), 1e-7, "r=" + r);
        }
    }

    @Test
    void epsilonLowerBound_sitsWhereExactPValueCrossesTheSignificance() {
        int[][] cases = {{1000, 100, 90}, {1000, 200, 150}, {200, 60, 55}};
        for (int[] c : cases) {
            for (double delta : new double[] {0, 1e-5}) {
                double eps = OneRunBound.epsilonLowerBound(c[0], c[1], c[2], delta, 0.05);
                assertTrue(eps > 0);
                assertTrue(exactPValue(c[0], c[1], c[2], eps - 1e-4, delta) < 0.05, "below the bound: rejected");
                assertTrue(exactPValue(c[0], c[1], c[2], eps + 1e-4, delta) >= 0.05, "above the bound: not rejected");
            }
        }
    }

    @Test
    void chanceLevelGuesses_boundNothing() {
        assertEquals(0, OneRunBound.epsilonLowerBound(1000, 100, 50, 1e-5, 0.05));
        assertEquals(0, OneRunBound.epsilonLowerBound(1000, 100, 58, 0, 0.05)); // P[Bin(100, 1/2) >= 58] = 0.067
    }

    @Test
    void delta_onlyWeakensTheBound() {
        double pure = OneRunBound.epsilonLowerBound(1000, 100, 95, 0, 0.05);
        double approx = OneRunBound.epsilonLowerBound(1000, 100, 95, 1e-4, 0.05);
        assertTrue(approx < pure, approx + " < " + pure);
    }
}
