package dev.pmad.privacy.accounting;

import java.util.Arrays;

/**
 * A discretized privacy loss distribution: probability {@code probs[k]} on the loss (lower + k)
 * x d and {@code infinityMass} on +infinity. Immutable. A port of dp_accounting's {@code
 * DensePLDPmf} (pld/pld_pmf.py), pessimistic estimates only, so every epsilon it gives is an
 * upper bound on the mechanism's true epsilon at that delta.
 *
 * <p>Equations (numbers refer to the Google "Privacy Loss Distributions" notes shipped with
 * dp_accounting, and to Doroshenko, Ghazi, Kamath, Kumar, Manurangsi, "Connect the Dots: Tighter
 * Discrete Approximations of Privacy Loss Distributions", PETS 2022, arXiv:2207.04380):
 * <ul>
 *   <li>hockey-stick divergence (Observation 1): delta(eps) = infinityMass + sum over losses
 *       l &gt; eps of (1 - e^(eps - l)) p(l);
 *   <li>epsilon(delta): the smallest eps with delta(eps) &lt;= delta, found by walking the
 *       losses downwards (dp_accounting's {@code _get_epsilon_for_delta});
 *   <li>composition: losses add, so the PMF of a composition is the convolution of the PMFs
 *       (Koskela, Jalko, Honkela 2020, arXiv:1906.03049, compute it by FFT) and the infinity
 *       masses combine as 1 - (1 - a)(1 - b);
 *   <li>discretization: Algorithm 1 of Connect the Dots, on the grid eps_i = i d: with delta_i =
 *       delta(eps_i) of the exact mechanism, mass (1 - delta_1) + (delta_2 - delta_1)/(e^d - 1) on
 *       eps_1, ((delta_(i+1) - delta_i) - e^d (delta_i - delta_(i-1))) / (e^d - 1) on eps_i,
 *       (delta_n - delta_(n-1)) / (e^-d - 1) on eps_n and delta_n on +infinity. Its hockey-stick
 *       curve passes through every (eps_i, delta_i) and lies above the true one in between.
 * </ul>
 */
final class PrivacyLossPmf {
    /** dp_accounting's {@code _DELTA_DIFF_TOLERANCE}: how far a computed delta curve may rise from rounding. */
    private static final double DELTA_DIFF_TOLERANCE = 1e-12;
    /** Grids longer than this are refused; the accountant then coarsens its interval. */
    static final int MAX_POINTS = 1 << 22;

    final double discretization;
    final long lower;
    final double[] probs;
    final double infinityMass;

    private PrivacyLossPmf(double discretization, long lower, double[] probs, double infinityMass) {
        this.discretization = discretization;
        this.lower = lower;
        this.probs = probs;
        this.infinityMass = infinityMass;
    }

    /** The PMF of one release of {@code loss}, by pessimistic connect-the-dots on the grid of step d. */
    static PrivacyLossPmf connectTheDots(AdditiveNoiseLoss loss, double d) {
        double[] bounds = loss.epsilonBounds();
        long first = (long) Math.floor(bounds[0] / d);
        long last = (long) Math.ceil(bounds[1] / d);
        if (last - first + 1 > MAX_POINTS) {
            throw new GridTooLarge(last - first + 1);
        }
        int n = (int) (last - first + 1);
        double[] deltas = new double[n];
        for (int i = 0; i < n; i++) {
            deltas[i] = loss.deltaForEpsilon((first + i) * d);
        }
        if (n == 1) {
            return new PrivacyLossPmf(d, first, new double[] {1 - deltas[0]}, deltas[0]);
        }
        for (int i = 1; i < n; i++) {
            if (deltas[i] - deltas[i - 1] > DELTA_DIFF_TOLERANCE) {
                throw new IllegalStateException("hockey-stick divergence rises from " + deltas[i - 1] + " to "
                        + deltas[i] + " at epsilon " + (first + i) * d + ": the mechanism's loss is not monotone");
            }
            deltas[i] = Math.min(deltas[i], deltas[i - 1]);
        }
        double expm1 = Math.expm1(d);
        double exp = Math.exp(d);
        double[] probs = new double[n];
        probs[0] = 1 - deltas[0] + (deltas[1] - deltas[0]) / expm1;
        for (int i = 1; i < n - 1; i++) {
            probs[i] = ((deltas[i + 1] - deltas[i]) - (deltas[i] - deltas[i - 1]) * exp) / expm1;
        }
        probs[n - 1] = (deltas[n - 1] - deltas[n - 2]) / Math.expm1(-d);
        for (int i = 0; i < n; i++) {
            probs[i] = Math.max(0, probs[i]);
        }
        return new PrivacyLossPmf(d, first, probs, deltas[n - 1]);
    }

    /** No privacy loss at all: the neutral element of {@link #compose}. */
    static PrivacyLossPmf identity(double d) {
        return new PrivacyLossPmf(d, 0, new double[] {1}, 0);
    }

    /**
     * This PMF composed with itself {@code times} times (dp_accounting's {@code
     * DensePLDPmf.self_compose}): the window of the result is cut by Chernoff bounds so that at
     * most {@code tailMass} lies outside it; that mass is counted as +infinity (pessimistic).
     */
    PrivacyLossPmf selfCompose(int times, double tailMass) {
        if (times == 1) return this;
        long[] window = chernoffWindow(times, tailMass);
        long length = window[1] - window[0] + 1;
        if (length > MAX_POINTS) throw new GridTooLarge(length);
        double[] out = Fft.selfConvolve(probs, times, window[0], (int) length);
        double infinity = tailMass - Math.expm1(times * Math.log1p(-infinityMass));
        return new PrivacyLossPmf(discretization, lower * times + window[0], out, infinity);
    }

    /** This PMF composed with another on the same grid (dp_accounting's {@code DensePLDPmf.compose}). */
    PrivacyLossPmf compose(PrivacyLossPmf other, double tailMass) {
        if (other.discretization != discretization) {
            throw new IllegalArgumentException("cannot compose PMFs on grids " + discretization + " and " + other.discretization);
        }
        if ((long) probs.length + other.probs.length - 1 > MAX_POINTS) {
            throw new GridTooLarge((long) probs.length + other.probs.length - 1);
        }
        double[] conv = probs.length == 1 || other.probs.length == 1 ? scaled(other) : Fft.convolve(probs, other.probs);
        double infinity = infinityMass + other.infinityMass - infinityMass * other.infinityMass;
        // Truncate the tails (each at most tailMass / 2): the left one onto the first kept loss
        // (a larger loss: pessimistic), the right one onto +infinity.
        int left = prefixWithin(conv, tailMass / 2, false);
        int right = conv.length - prefixWithin(conv, tailMass / 2, true);
        right = Math.max(right, left + 1);
        double leftMass = 0;
        for (int i = 0; i < left; i++) leftMass += conv[i];
        double rightMass = 0;
        for (int i = right; i < conv.length; i++) rightMass += conv[i];
        double[] kept = Arrays.copyOfRange(conv, left, right);
        kept[0] += leftMass;
        return new PrivacyLossPmf(discretization, lower + other.lower + left, kept, infinity + rightMass);
    }

    /** delta(eps) = infinityMass + sum_(l &gt; eps) (1 - e^(eps - l)) p(l). */
    double deltaForEpsilon(double epsilon) {
        double delta = infinityMass;
        for (int k = 0; k < probs.length; k++) {
            double loss = (lower + k) * discretization;
            if (loss > epsilon) delta += -Math.expm1(epsilon - loss) * probs[k];
        }
        return delta;
    }

    /** The smallest eps &gt;= 0 with delta(eps) &lt;= delta; +infinity when even the infinity mass exceeds delta. */
    double epsilonForDelta(double delta) {
        if (infinityMass > delta) return Double.POSITIVE_INFINITY;
        // With U = mass of losses above eps and L = the same weighted by e^-loss, delta(eps) = U - e^eps L.
        double massUpper = infinityMass;
        double massLower = 0;
        for (int k = probs.length - 1; k >= 0; k--) {
            double loss = (lower + k) * discretization;
            if (massUpper > delta && massLower > 0 && Math.log((massUpper - delta) / massLower) >= loss) {
                break; // epsilon lies at or above this loss
            }
            massUpper += probs[k];
            massLower += Math.exp(-loss) * probs[k];
            if (massUpper >= delta && massLower == 0) {
                return Math.max(0, loss); // e^-loss underflowed: only for enormous losses
            }
        }
        if (massUpper <= massLower + delta) return 0;
        return Math.log((massUpper - delta) / massLower);
    }

    /** The range of losses on the grid, in grid steps: what a PMF for a mechanism will span. */
    static long gridPoints(AdditiveNoiseLoss loss, double d) {
        double[] bounds = loss.epsilonBounds();
        return (long) Math.ceil(bounds[1] / d) - (long) Math.floor(bounds[0] / d) + 1;
    }

    /**
     * dp_accounting's {@code compute_self_convolve_bounds}: by Chernoff, P(S &gt;= u) &lt;=
     * E[e^(t S)] e^(-t u) for the sum S of {@code times} indices, so at orders t = +-k / n (k = 1..20,
     * n the length) the window [lower, upper] with (times log MGF(t) + log(2 / tailMass)) / t as
     * its ends leaves at most tailMass / 2 on each side.
     */
    private long[] chernoffWindow(int times, double tailMass) {
        long upper = (long) (probs.length - 1) * times;
        long lowerBound = 0;
        int n = probs.length;
        for (int k = -20; k <= 20; k++) {
            if (k == 0) continue;
            double order = (double) k / n;
            double logMgf = logSumExp(order);
            double bound = (times * logMgf + Math.log(2 / tailMass)) / order;
            if (!Double.isFinite(bound)) continue;
            if (order > 0) upper = Math.min(upper, (long) Math.ceil(bound));
            else lowerBound = Math.max(lowerBound, (long) Math.floor(bound));
        }
        return new long[] {lowerBound, upper};
    }

    /**
     * log sum_i p_i e^(i order), over the positive p_i (scipy's {@code logsumexp} with weights).
     * The factors e^(i order - max) form a geometric sequence, so they are built by multiplying
     * by e^order, with an exact exp every 256 terms to keep the rounding error below 1e-13.
     */
    private double logSumExp(double order) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) return Double.NEGATIVE_INFINITY;
        double max = (order > 0 ? last : first) * order;
        double ratio = Math.exp(order);
        double sum = 0;
        double factor = 0;
        for (int i = first; i <= last; i++) {
            factor = (i - first) % 256 == 0 ? Math.exp(i * order - max) : factor * ratio;
            if (probs[i] > 0) sum += probs[i] * factor;
        }
        return max + Math.log(sum);
    }

    private double[] scaled(PrivacyLossPmf other) {
        // One side is a single point: the convolution is the other side scaled, with no FFT round-off.
        double[] longer = probs.length == 1 ? other.probs : probs;
        double factor = probs.length == 1 ? probs[0] : other.probs[0];
        double[] out = new double[longer.length];
        for (int i = 0; i < out.length; i++) out[i] = longer[i] * factor;
        return out;
    }

    /** Length of the longest prefix (or suffix, from the end) whose running sum stays &lt;= threshold. */
    private static int prefixWithin(double[] values, double threshold, boolean fromEnd) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[fromEnd ? values.length - 1 - i : i];
            if (sum > threshold) return i;
        }
        return values.length;
    }

    /** A grid or transform longer than the accountant allows: retry on a coarser grid. */
    static final class GridTooLarge extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        GridTooLarge(long points) {
            super("a privacy loss grid of " + points + " points is too large");
        }
    }
}
