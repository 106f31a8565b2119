package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.accounting.AdditiveNoiseLoss.Adjacency;
import org.junit.jupiter.api.Test;

/**
 * The PLD of the Poisson-subsampled Gaussian under replace-one neighbours (central mode with
 * client sampling), dp_accounting's {@code NeighboringRelation.REPLACE_ONE}: the pair
 * <pre>  P = (1-q) N(0, z^2) + q N(-1/2, z^2),   Q = (1-q) N(0, z^2) + q N(1/2, z^2)</pre>
 * (one agent's clipped update, of norm at most 1/2 of the replacement's sensitivity 1, replaced
 * by the opposite one). Every reference here is computed independently of the code under test,
 * from the two densities alone:
 * <ul>
 *   <li>one release: the hockey-stick divergence H_{e^eps}(P || Q) = integral of (p - e^eps q)_+,
 *       by the trapezoidal rule on a fine grid, against the closed form of {@link
 *       AdditiveNoiseLoss} (dp_accounting's {@code get_delta_for_epsilon} with the inverse loss
 *       x = sigma^2 (asinh(-alpha sinh(L/2)) - L/2) derived in {@code Gaussian#inverseLossReplace});
 *   <li>composition: privacy buckets (Meiser and Mohammadi, CCS 2018) built by quadrature of P
 *       with the loss log(p/q) rounded up (an upper bound on delta(eps) = E_P[(1 - e^(eps - L))_+],
 *       which grows with L) and rounded down (a lower bound), composed by direct convolution; the
 *       true epsilon lies between the two, and the accountant's pessimistic answer must not lie
 *       below the lower one;
 *   <li>dominance: the same integral in the plane for other updates u, v (other angles, shorter
 *       v) never exceeds the opposite pair's, at any eps, in either direction (Zhu, Dong and Wang
 *       2022, "Optimal accounting of differential privacy via characteristic function", Def. 7:
 *       a dominating pair for one round dominates the composition).
 * </ul>
 */
class ReplaceOnePldTest {
    private static final double DELTA = 1e-5;

    @Test
    void oneRelease_deltaForEpsilon_equalsDirectIntegrationOfThePair() {
        double[][] cases = {{0.1, 1}, {0.3, 0.8}, {0.01, 2}, {0.5, 4}, {0.9, 0.6}};
        double[] epsilons = {-1, -0.1, 0, 0.05, 0.3, 1, 2, 4};
        for (double[] c : cases) {
            double q = c[0];
            double z = c[1];
            var loss = new AdditiveNoiseLoss.Gaussian(2 * z, q, Adjacency.REPLACE);
            double[] integrated = hockeyStick1d(q, z, epsilons);
            for (int k = 0; k < epsilons.length; k++) {
                assertEquals(integrated[k], loss.deltaForEpsilon(epsilons[k]), 1e-9 + 1e-7 * integrated[k],
                        "q=" + q + " z=" + z + " eps=" + epsilons[k]);
            }
        }
    }

    @Test
    void inverseLoss_returnsThePointOfThatLoss_alsoFarInTheTails() {
        for (double q : new double[] {0.001, 0.2, 0.7}) {
            for (double sigma : new double[] {0.3, 2, 20}) {
                var loss = new AdditiveNoiseLoss.Gaussian(sigma, q, Adjacency.REPLACE);
                for (double x : new double[] {-40 * sigma, -3, -0.1, 0, 0.2, 1, 5 * sigma, 40 * sigma}) {
                    double l = loss.loss(x);
                    if (!Double.isFinite(l) || Math.abs(l) > 600) continue; // beyond doubles either way
                    double back = loss.inverseLoss(l);
                    assertEquals(x, back, 1e-7 * Math.max(1, Math.abs(x)), "q=" + q + " sigma=" + sigma + " x=" + x);
                }
            }
        }
    }

    @Test
    void withoutSampling_replaceOneIsTheGaussianOfTheReplacementsSensitivity() {
        // Balle and Wang 2018, Thm. 8, for sensitivity 1 and stddev z, is what PldAccountant's
        // exact Gaussian path computes; replace-one at q = 1 must be the same mechanism.
        for (double z : new double[] {0.7, 1, 3}) {
            var replace = new PldAccountant();
            replace.composeReplaceOneSubsampledGaussian(1, z, 5);
            var gaussian = new PldAccountant();
            gaussian.composeGaussian(z, 5);
            assertEquals(gaussian.epsilon(DELTA), replace.epsilon(DELTA), 0, "z=" + z);
            var loss = new AdditiveNoiseLoss.Gaussian(2 * z, 1, Adjacency.REPLACE);
            for (double eps : new double[] {0, 0.5, 2}) {
                double balleWang = Normal.cdf(1 / (2 * z) - eps * z) - Math.exp(eps) * Normal.cdf(-1 / (2 * z) - eps * z);
                assertEquals(balleWang, loss.deltaForEpsilon(eps), 1e-12, "z=" + z + " eps=" + eps);
            }
        }
    }

    /**
     * Reference intervals from privacy buckets of width 0.002 (see the class note), at delta 1e-5:
     * the accountant's epsilon must lie at or above the lower end (no under-count) and, being on
     * a 20 times finer grid, below the upper end.
     */
    @Test
    void composition_liesWithinIndependentPrivacyBuckets() {
        double[][] cases = {{0.2, 1, 10}, {0.05, 0.8, 20}, {0.5, 2, 8}};
        for (double[] c : cases) {
            double q = c[0];
            double z = c[1];
            int rounds = (int) c[2];
            double[] bounds = bucketEpsilons(q, z, rounds, 0.002, DELTA);
            var pld = new PldAccountant();
            pld.composeReplaceOneSubsampledGaussian(q, z, rounds);
            double eps = pld.epsilon(DELTA);
            String where = "q=" + q + " z=" + z + " T=" + rounds + ": buckets [" + bounds[0] + ", " + bounds[1]
                    + "], PLD " + eps;
            assertTrue(eps >= bounds[0], where);
            assertTrue(eps <= bounds[1], where);
            assertTrue(bounds[1] - bounds[0] < 0.05 * bounds[1], "the buckets are too coarse to check anything: " + where);
        }
    }

    @Test
    void oppositeFullUpdates_dominateOtherUpdatesInThePlane_atEveryEpsilon() {
        // (length of v, angle between u and v); u has the full length 1/2.
        double[][] configurations = {{0.5, 2.5}, {0.5, 1.5}, {0.3, Math.PI}, {0.5, 0.4}, {0.2, 2.0}};
        double[] epsilons = {-0.5, 0, 0.2, 0.5, 1, 2};
        for (double[] qz : new double[][] {{0.1, 1}, {0.5, 0.8}, {0.9, 2}}) {
            double q = qz[0];
            double z = qz[1];
            var worst = new AdditiveNoiseLoss.Gaussian(2 * z, q, Adjacency.REPLACE);
            // The plane's quadrature must reproduce the opposite pair itself, or the rest proves nothing.
            double[] opposite = hockeyStick2d(q, z, 0.5, Math.PI, epsilons, false);
            for (int k = 0; k < epsilons.length; k++) {
                // The rule's error is that of the kink of (.)_+ along a curve, below 1e-4 relative
                // on this grid; the other pairs below stay 3% or more under the opposite one.
                assertEquals(worst.deltaForEpsilon(epsilons[k]), opposite[k], 1e-12 + 5e-4 * opposite[k],
                        "quadrature, q=" + q + " z=" + z + " eps=" + epsilons[k]);
            }
            for (double[] c : configurations) {
                for (boolean swapped : new boolean[] {false, true}) {
                    double[] other = hockeyStick2d(q, z, c[0], c[1], epsilons, swapped);
                    for (int k = 0; k < epsilons.length; k++) {
                        double bound = worst.deltaForEpsilon(epsilons[k]);
                        assertTrue(other[k] <= bound * (1 + 5e-4) + 1e-12, "q=" + q + " z=" + z + " |v|=" + c[0]
                                + " angle " + c[1] + " eps=" + epsilons[k] + (swapped ? " (Q||P)" : "") + ": "
                                + other[k] + " above the opposite pair's " + bound);
                    }
                }
            }
        }
    }

    @Test
    void replaceOne_isNeverBelowAddRemoveAtTheContributionsOwnSensitivity() {
        // Replacing u by v can be done by removing u and adding v, so it must cost at least
        // adding or removing one contribution of norm 1/2 (noise multiplier 2z relative to it).
        for (double[] c : new double[][] {{0.2, 1, 10}, {0.05, 0.7, 50}}) {
            var replace = new PldAccountant();
            replace.composeReplaceOneSubsampledGaussian(c[0], c[1], (int) c[2]);
            var addRemove = new PldAccountant();
            addRemove.composeSubsampledGaussian(c[0], 2 * c[1], (int) c[2]);
            assertTrue(replace.epsilon(DELTA) >= addRemove.epsilon(DELTA), "q=" + c[0] + " z=" + c[1]);
        }
    }

    // ---- independent references -----------------------------------------------------------

    private static double phi(double x, double mean, double z) {
        double t = (x - mean) / z;
        return Math.exp(-0.5 * t * t) / (z * Math.sqrt(2 * Math.PI));
    }

    /**
     * Integral of (p - e^eps q)_+ for each eps, p = (1-q) N(0, z^2) + q N(-1/2, z^2) and q' =
     * (1-q) N(0, z^2) + q N(1/2, z^2), by the trapezoidal rule on [-(40z + 1), 40z + 1].
     */
    private static double[] hockeyStick1d(double q, double z, double[] epsilons) {
        double limit = 40 * z + 1;
        int n = 200_000;
        double h = 2 * limit / n;
        double[] sums = new double[epsilons.length];
        for (int i = 0; i <= n; i++) {
            double x = -limit + i * h;
            double p = (1 - q) * phi(x, 0, z) + q * phi(x, -0.5, z);
            double pv = (1 - q) * phi(x, 0, z) + q * phi(x, 0.5, z);
            double w = (i == 0 || i == n) ? 0.5 : 1;
            for (int k = 0; k < epsilons.length; k++) sums[k] += w * Math.max(0, p - Math.exp(epsilons[k]) * pv);
        }
        for (int k = 0; k < sums.length; k++) sums[k] *= h;
        return sums;
    }

    /**
     * As {@link #hockeyStick1d} in the plane: P's contribution u = (-1/2, 0), Q's v of length r
     * at angle theta from u (theta = pi: v = (1/2, 0), the opposite pair); swapped: H(Q || P).
     */
    private static double[] hockeyStick2d(double q, double z, double r, double theta, double[] epsilons,
                                          boolean swapped) {
        double ux = -0.5;
        double vx = -r * Math.cos(theta);
        double vy = -r * Math.sin(theta);
        double limit = 9 * z + 1;
        int n = 900;
        double h = 2 * limit / n;
        double[] e = new double[epsilons.length];
        for (int k = 0; k < e.length; k++) e[k] = Math.exp(epsilons[k]);
        double[] sums = new double[epsilons.length];
        for (int i = 0; i <= n; i++) {
            double x = -limit + i * h;
            double wx = (i == 0 || i == n) ? 0.5 : 1;
            for (int j = 0; j <= n; j++) {
                double y = -limit + j * h;
                double w = wx * ((j == 0 || j == n) ? 0.5 : 1);
                double base = phi(x, 0, z) * phi(y, 0, z);
                double p = (1 - q) * base + q * phi(x, ux, z) * phi(y, 0, z);
                double pv = (1 - q) * base + q * phi(x, vx, z) * phi(y, vy, z);
                double a = swapped ? pv : p;
                double b = swapped ? p : pv;
                for (int k = 0; k < e.length; k++) sums[k] += w * Math.max(0, a - e[k] * b);
            }
        }
        for (int k = 0; k < sums.length; k++) sums[k] *= h * h;
        return sums;
    }

    /**
     * {lower, upper} epsilon at delta from privacy buckets of width b: the loss log(p(x)/q(x)) at
     * each quadrature point of P, its mass rounded down (lower) or up (upper) to a multiple of b;
     * P's mass outside the quadrature range goes to +infinity in the upper bound and is dropped
     * in the lower. T rounds by direct convolution of the bucket masses, trimmed as they go
     * (see {@link Buckets#trimmed}).
     */
    private static double[] bucketEpsilons(double q, double z, int rounds, double b, double delta) {
        double limit = 12 * z + 1;
        int n = 400_000;
        double h = 2 * limit / n;
        java.util.TreeMap<Long, Double> up = new java.util.TreeMap<>();
        java.util.TreeMap<Long, Double> down = new java.util.TreeMap<>();
        double inRange = 0;
        for (int i = 0; i <= n; i++) {
            double x = -limit + i * h;
            double p = (1 - q) * phi(x, 0, z) + q * phi(x, -0.5, z);
            double pv = (1 - q) * phi(x, 0, z) + q * phi(x, 0.5, z);
            double mass = p * h * ((i == 0 || i == n) ? 0.5 : 1);
            inRange += mass;
            double l = Math.log(p / pv);
            up.merge((long) Math.ceil(l / b), mass, Double::sum);
            down.merge((long) Math.floor(l / b), mass, Double::sum);
        }
        Buckets upper = Buckets.of(up, Math.max(0, 1 - inRange)).trimmed(true);
        Buckets lower = Buckets.of(down, 0).trimmed(false);
        Buckets upperT = upper;
        Buckets lowerT = lower;
        for (int t = 1; t < rounds; t++) {
            upperT = upperT.compose(upper).trimmed(true);
            lowerT = lowerT.compose(lower).trimmed(false);
        }
        return new double[] {epsilonOf(lowerT, b, delta), epsilonOf(upperT, b, delta)};
    }

    /** Masses on the losses (first + i) x b, and on +infinity. */
    private record Buckets(long first, double[] mass, double infinity) {
        /** Mass this small at either end is moved, not kept: far below the deltas checked here. */
        static final double TRIM = 1e-18;

        static Buckets of(java.util.TreeMap<Long, Double> masses, double infinity) {
            long first = masses.firstKey();
            double[] mass = new double[(int) (masses.lastKey() - first + 1)];
            masses.forEach((k, v) -> mass[(int) (k - first)] += v);
            return new Buckets(first, mass, infinity);
        }

        Buckets compose(Buckets other) {
            double[] out = new double[mass.length + other.mass.length - 1];
            for (int i = 0; i < mass.length; i++) {
                if (mass[i] == 0) continue;
                for (int j = 0; j < other.mass.length; j++) out[i + j] += mass[i] * other.mass[j];
            }
            return new Buckets(first + other.first, out, 1 - (1 - infinity) * (1 - other.infinity));
        }

        /**
         * The ends cut where each holds at most TRIM: pessimistically (upper) the left end's mass
         * moves up onto the first kept loss and the right end's to +infinity, both raising every
         * delta; optimistically (lower) the left end's is dropped and the right end's moves down
         * onto the last kept loss, both lowering every delta.
         */
        Buckets trimmed(boolean pessimistic) {
            int lo = 0;
            double left = 0;
            while (lo < mass.length - 1 && left + mass[lo] <= TRIM) left += mass[lo++];
            int hi = mass.length - 1;
            double right = 0;
            while (hi > lo && right + mass[hi] <= TRIM) right += mass[hi--];
            double[] kept = java.util.Arrays.copyOfRange(mass, lo, hi + 1);
            double inf = infinity;
            if (pessimistic) {
                kept[0] += left;
                inf += right;
            } else {
                kept[kept.length - 1] += right;
            }
            return new Buckets(first + lo, kept, inf);
        }
    }

    /** The smallest eps with infinity + sum over buckets of (1 - e^(eps - l))_+ mass &lt;= delta, by bisection. */
    private static double epsilonOf(Buckets buckets, double b, double delta) {
        double lo = 0;
        double hi = 100;
        for (int k = 0; k < 100; k++) {
            double mid = 0.5 * (lo + hi);
            double d = buckets.infinity();
            for (int i = 0; i < buckets.mass().length; i++) {
                double l = (buckets.first() + i) * b;
                if (l > mid) d += buckets.mass()[i] * -Math.expm1(mid - l);
            }
            if (d > delta) lo = mid;
            else hi = mid;
        }
        return hi;
    }
}
