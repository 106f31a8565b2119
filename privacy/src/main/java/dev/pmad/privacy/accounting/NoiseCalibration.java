package dev.pmad.privacy.accounting;

import java.util.function.DoubleUnaryOperator;

/**
 * Finds the least noise that keeps a planned run within a target epsilon, as Opacus'
 * {@code get_noise_multiplier} does for {@code make_private_with_epsilon}: {@code DP_EPSILON}
 * is the budget of the whole run, so noise is calibrated once for all planned steps.
 *
 * <p>Method: epsilon falls as noise grows, so an upper bound is found by doubling from 1 and
 * then bisected until the epsilon of the returned noise lies in [0.995, 1] x target (the
 * promise is [0.99, 1]). Epsilon is computed by the same code as {@link RdpAccountant} with its
 * default orders, and the answer keeps 1e-9 relative headroom below the target, so an
 * accountant that charges the planned steps one at a time (which rounds differently from
 * charging them at once) still ends within budget.
 *
 * <p>Where epsilon jumps (it drops to 0 once the KL bound applies, only for absurdly small
 * targets) the 0.99 promise cannot be met; the noise returned then still spends at most the
 * target. Not for other order grids or mechanisms than those of {@link RdpAccountant}.
 */
public final class NoiseCalibration {
    /** The returned noise spends at least this fraction of the target. */
    public static final double MIN_SPENT_FRACTION = 0.99;
    /** Bisection aims a little higher than the promise, for margin. */
    private static final double AIM_FRACTION = 0.995;
    private static final double HEADROOM = 1e-9;
    private static final double MAX_NOISE = 1e8;

    private NoiseCalibration() {}

    /**
     * The smallest Gaussian noise multiplier (noise stddev / clip norm), within the tolerance
     * above, such that {@code steps} Poisson-subsampled Gaussian releases spend at most
     * {@code targetEpsilon} at {@code delta}.
     *
     * @param samplingRate probability that a record (or agent) takes part in a step; 1 for none
     * @throws IllegalArgumentException for invalid arguments, or if the target is unreachable
     */
    public static double gaussianNoiseMultiplier(double targetEpsilon, double delta, double samplingRate, int steps) {
        Checks.requireEpsilon(targetEpsilon);
        Checks.requireDelta(delta);
        Checks.requireSamplingRate(samplingRate, false);
        Checks.requireSteps(steps, 1);
        double[] orders = RdpAccountant.defaultOrders();
        return leastNoise(sigma -> {
            RdpAccountant accountant = new RdpAccountant(orders);
            accountant.composeSubsampledGaussian(samplingRate, sigma, steps);
            return accountant.epsilon(delta);
        }, targetEpsilon, "noise multiplier", delta, steps);
    }

    /**
     * The smallest Laplace scale relative to L1 sensitivity, b = scale / clip norm, within the
     * tolerance above, such that {@code steps} Laplace releases spend at most
     * {@code targetEpsilon} at {@code delta} under RDP accounting. For one release this is a
     * little above 1/epsilon, the pure-DP answer, since the RDP conversion is not tight there.
     *
     * @throws IllegalArgumentException for invalid arguments, or if the target is unreachable
     */
    public static double laplaceScale(double targetEpsilon, double delta, int steps) {
        Checks.requireEpsilon(targetEpsilon);
        Checks.requireDelta(delta);
        Checks.requireSteps(steps, 1);
        double[] orders = RdpAccountant.defaultOrders();
        return leastNoise(b -> {
            RdpAccountant accountant = new RdpAccountant(orders);
            accountant.composeLaplace(b, steps);
            return accountant.epsilon(delta);
        }, targetEpsilon, "Laplace scale", delta, steps);
    }

    private static double leastNoise(DoubleUnaryOperator epsilonOf, double target, String what, double delta, int steps) {
        double limit = target * (1 - HEADROOM);
        double lo = 0; // zero noise: infinite epsilon
        double hi = 1;
        double epsHi = epsilonOf.applyAsDouble(hi);
        while (epsHi > limit) {
            lo = hi;
            hi *= 2;
            if (hi > MAX_NOISE) {
                throw new IllegalArgumentException("targetEpsilon " + target + " is unreachable: even a "
                        + what + " of " + MAX_NOISE + " spends " + epsilonOf.applyAsDouble(MAX_NOISE)
                        + " over " + steps + " steps at delta " + delta
                        + "; raise DP_EPSILON, raise DP_DELTA or plan fewer rounds");
            }
            epsHi = epsilonOf.applyAsDouble(hi);
        }
        // Invariant: eps(lo) > limit >= eps(hi) = epsHi.
        while (epsHi < AIM_FRACTION * target && hi - lo > 1e-12 * hi) {
            double mid = 0.5 * (lo + hi);
            double epsMid = epsilonOf.applyAsDouble(mid);
            if (epsMid <= limit) {
                hi = mid;
                epsHi = epsMid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
