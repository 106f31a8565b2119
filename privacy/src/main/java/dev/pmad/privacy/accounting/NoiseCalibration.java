package dev.pmad.privacy.accounting;

import java.util.function.DoubleUnaryOperator;

/**
 * Finds the least noise that keeps a planned run within a target epsilon, as Opacus'
 * {@code get_noise_multiplier} does for {@code make_private_with_epsilon}: {@code DP_EPSILON}
 * is the budget of the whole run, so noise is calibrated once for all planned steps, with the
 * {@link Accountant} the run is accounted with: by default the tightest (the smaller epsilon of
 * PLD and RDP), which is what every PMAD run is planned and reported with.
 *
 * <p>Method: epsilon falls as noise grows. Under RDP, an upper bound is found by doubling from 1
 * and then bisected until the epsilon of the returned noise lies in [0.995, 1] x target (the
 * promise is [0.99, 1]). A PLD evaluation costs about a thousand RDP ones, so under PLD (and the
 * tighter of both) the search starts from the RDP answer, which already meets the target (PLD
 * spends less for the same noise), brackets the answer below it and closes the bracket by
 * false position on log epsilon against log noise (Illinois variant), first on a loss grid ten
 * times coarser and then, from that answer, on the default grid: one or two evaluations at full
 * cost. Every answer keeps 1e-9 relative headroom below the target, so an accountant that
 * charges the planned steps one at a time still ends within budget (the PLD accountant merges
 * repeated charges, so for it the two agree exactly).
 *
 * <p>Where epsilon jumps (it drops to 0 once the KL bound applies, only for absurdly small
 * targets) the 0.99 promise cannot be met; the noise returned then still spends at most the
 * target. Not for other order grids or discretizations than the accountants' defaults.
 */
public final class NoiseCalibration {
    /** The returned noise spends at least this fraction of the target. */
    public static final double MIN_SPENT_FRACTION = 0.99;
    /** The search aims a little higher than the promise, for margin. */
    private static final double AIM_FRACTION = 0.995;
    private static final double HEADROOM = 1e-9;
    private static final double MAX_NOISE = 1e8;
    private static final int MAX_EVALUATIONS = 100;
    /**
     * Answers already computed (a pure function of its arguments): the coordinator and every agent
     * calibrate the same plan, and in one JVM (simulate) they should not pay for a PLD search each.
     */
    private static final Memo MEMO = new Memo();

    private record Question(String mechanism, double epsilon, double delta, double samplingRate, int steps,
                            Accountant accountant) {}

    /**
     * A small least-recently-used map of answers, shared by threads: the coordinator and the agents
     * of one JVM may ask the same question at once, and the second waits for the first's answer
     * instead of repeating a search that takes a second.
     */
    private static final class Memo {
        private final java.util.LinkedHashMap<Question, java.util.concurrent.CompletableFuture<Double>> answers =
                new java.util.LinkedHashMap<>(256, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(
                            java.util.Map.Entry<Question, java.util.concurrent.CompletableFuture<Double>> eldest) {
                        return size() > 256;
                    }
                };

        double computeIfAbsent(Question question, java.util.function.ToDoubleFunction<Question> answer) {
            var mine = new java.util.concurrent.CompletableFuture<Double>();
            java.util.concurrent.CompletableFuture<Double> known;
            synchronized (this) {
                known = answers.putIfAbsent(question, mine);
            }
            if (known != null) {
                try {
                    return known.join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    throw e;
                }
            }
            try {
                double value = answer.applyAsDouble(question); // outside the lock: a PLD search takes a second
                mine.complete(value);
                return value;
            } catch (RuntimeException e) {
                synchronized (this) {
                    answers.remove(question, mine); // not remembered: the next caller asks again
                }
                mine.completeExceptionally(e);
                throw e;
            }
        }
    }

    private NoiseCalibration() {}

    /** {@link #gaussianNoiseMultiplier(double, double, double, int, Accountant)} under {@link Accountant#DEFAULT}. */
    public static double gaussianNoiseMultiplier(double targetEpsilon, double delta, double samplingRate, int steps) {
        return gaussianNoiseMultiplier(targetEpsilon, delta, samplingRate, steps, Accountant.DEFAULT);
    }

    /**
     * The smallest Gaussian noise multiplier (noise stddev / clip norm), within the tolerance
     * above, such that {@code steps} Poisson-subsampled Gaussian releases spend at most
     * {@code targetEpsilon} at {@code delta} under {@code accountant}.
     *
     * @param samplingRate probability that a record (or agent) takes part in a step; 1 for none
     * @throws IllegalArgumentException for invalid arguments, or if the target is unreachable
     */
    public static double gaussianNoiseMultiplier(double targetEpsilon, double delta, double samplingRate, int steps,
                                                 Accountant accountant) {
        return gaussianNoiseMultiplier(targetEpsilon, delta, samplingRate, steps, accountant, Neighbours.ADD_OR_REMOVE);
    }

    /**
     * As {@link #gaussianNoiseMultiplier(double, double, double, int, Accountant)} for releases
     * that hide the given {@link Neighbours}: under {@link Neighbours#REPLACE_ONE} the noise
     * multiplier is relative to the sensitivity of a replacement (central mode with client
     * sampling). The two agree at sampling rate 1.
     */
    public static double gaussianNoiseMultiplier(double targetEpsilon, double delta, double samplingRate, int steps,
                                                 Accountant accountant, Neighbours neighbours) {
        Checks.requireEpsilon(targetEpsilon);
        Checks.requireDelta(delta);
        Checks.requireSamplingRate(samplingRate, false);
        Checks.requireSteps(steps, 1);
        java.util.Objects.requireNonNull(accountant, "accountant");
        java.util.Objects.requireNonNull(neighbours, "neighbours");
        // The canonical mechanism (replace-one at rate 1 is add/remove) names the question.
        Neighbours relation = Mechanism.gaussian(samplingRate, 1, steps).withNeighbours(neighbours).neighbours();
        return MEMO.computeIfAbsent(new Question("gaussian " + relation.wireName(), targetEpsilon, delta, samplingRate,
                        steps, accountant),
                q -> gaussian(targetEpsilon, delta, samplingRate, steps, accountant, relation));
    }

    private static double gaussian(double targetEpsilon, double delta, double samplingRate, int steps,
                                   Accountant accountant, Neighbours neighbours) {
        double[] orders = RdpAccountant.defaultOrders();
        double rdp = leastNoise(sigma -> {
            RdpAccountant rdpAccountant = new RdpAccountant(orders);
            Mechanism.gaussian(samplingRate, sigma, steps).withNeighbours(neighbours).composeInto(rdpAccountant);
            return rdpAccountant.epsilon(delta);
        }, targetEpsilon, "noise multiplier", delta, steps);
        if (accountant == Accountant.RDP) return rdp;
        return coarseThenFine(rdp, (d, sigma) -> {
            PrivacyAccountant a = create(accountant, d);
            Mechanism.gaussian(samplingRate, sigma, steps).withNeighbours(neighbours).composeInto(a);
            return a.epsilon(delta);
        }, targetEpsilon);
    }

    /**
     * The smallest noise multiplier (sigma / L2 sensitivity in lattice units) for {@code steps}
     * discrete Gaussian releases ({@link Mechanism#discreteGaussian}) within {@code targetEpsilon}
     * at {@code delta}. Only RDP bounds them (CKS 2020 Theorem 14: the Gaussian's curve), so this
     * is the Gaussian's RDP calibration whatever accountant a run names: no PLD for discrete noise.
     */
    public static double discreteGaussianNoiseMultiplier(double targetEpsilon, double delta, int steps) {
        return gaussianNoiseMultiplier(targetEpsilon, delta, 1.0, steps, Accountant.RDP);
    }

    /**
     * The smallest noise multiplier (sigma / the sensitivity of a replacement, lattice units) for
     * {@code steps} discrete Gaussian releases on a Poisson subsample at rate {@code samplingRate}
     * under replace-one ({@link Mechanism#sampledDiscreteGaussian}) within {@code targetEpsilon} at
     * {@code delta}: calibrated under RDP with the bound of {@link SampledDiscreteGaussianRdp}
     * (Wang, Balle and Kasiviswanathan 2019's Theorem 9, refined), the only one used for them. At rate 1 the same as {@link #discreteGaussianNoiseMultiplier}.
     */
    public static double sampledDiscreteGaussianNoiseMultiplier(double targetEpsilon, double delta, double samplingRate,
                                                                int steps) {
        Checks.requireEpsilon(targetEpsilon);
        Checks.requireDelta(delta);
        Checks.requireSamplingRate(samplingRate, false);
        Checks.requireSteps(steps, 1);
        if (samplingRate == 1) return discreteGaussianNoiseMultiplier(targetEpsilon, delta, steps);
        return MEMO.computeIfAbsent(new Question("sampled discrete gaussian", targetEpsilon, delta, samplingRate, steps,
                        Accountant.RDP),
                q -> leastNoise(z -> {
                    RdpAccountant rdpAccountant = new RdpAccountant();
                    rdpAccountant.composeSampledDiscreteGaussian(samplingRate, z, steps);
                    return rdpAccountant.epsilon(delta);
                }, targetEpsilon, "noise multiplier", delta, steps));
    }

    /**
     * The smallest discrete Laplace scale relative to L1 sensitivity (lattice units) for {@code
     * steps} releases ({@link Mechanism#discreteLaplace}) within {@code targetEpsilon} at {@code
     * delta}, under RDP with the pure-DP curve ({@link PureDpRdp}), the only bound used for them.
     */
    public static double discreteLaplaceScale(double targetEpsilon, double delta, int steps) {
        Checks.requireEpsilon(targetEpsilon);
        Checks.requireDelta(delta);
        Checks.requireSteps(steps, 1);
        return MEMO.computeIfAbsent(new Question("discrete laplace", targetEpsilon, delta, 1, steps, Accountant.RDP),
                q -> leastNoise(b -> {
                    RdpAccountant rdpAccountant = new RdpAccountant();
                    rdpAccountant.composeDiscreteLaplace(b, steps);
                    return rdpAccountant.epsilon(delta);
                }, targetEpsilon, "discrete Laplace scale", delta, steps));
    }

    /** {@link #laplaceScale(double, double, int, Accountant)} under {@link Accountant#DEFAULT}. */
    public static double laplaceScale(double targetEpsilon, double delta, int steps) {
        return laplaceScale(targetEpsilon, delta, steps, Accountant.DEFAULT);
    }

    /**
     * The smallest Laplace scale relative to L1 sensitivity, b = scale / clip norm, within the
     * tolerance above, such that {@code steps} Laplace releases spend at most
     * {@code targetEpsilon} at {@code delta} under {@code accountant}. Under RDP, for one release
     * this is a little above 1/epsilon, the pure-DP answer, since the RDP conversion is not tight
     * there; PLD gets within its grid of 1/epsilon.
     *
     * @throws IllegalArgumentException for invalid arguments, or if the target is unreachable
     */
    public static double laplaceScale(double targetEpsilon, double delta, int steps, Accountant accountant) {
        Checks.requireEpsilon(targetEpsilon);
        Checks.requireDelta(delta);
        Checks.requireSteps(steps, 1);
        java.util.Objects.requireNonNull(accountant, "accountant");
        return MEMO.computeIfAbsent(new Question("laplace", targetEpsilon, delta, 1, steps, accountant),
                q -> laplace(targetEpsilon, delta, steps, accountant));
    }

    private static double laplace(double targetEpsilon, double delta, int steps, Accountant accountant) {
        double[] orders = RdpAccountant.defaultOrders();
        double rdp = leastNoise(b -> {
            RdpAccountant rdpAccountant = new RdpAccountant(orders);
            rdpAccountant.composeLaplace(b, steps);
            return rdpAccountant.epsilon(delta);
        }, targetEpsilon, "Laplace scale", delta, steps);
        if (accountant == Accountant.RDP) return rdp;
        return coarseThenFine(rdp, (d, b) -> {
            PrivacyAccountant a = create(accountant, d);
            a.composeLaplace(b, steps);
            return a.epsilon(delta);
        }, targetEpsilon);
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

    /** Epsilon of some noise under an accountant whose PLD part uses the given loss grid. */
    private interface EpsilonOnGrid {
        double epsilon(double discretization, double noise);
    }

    /**
     * Under PLD the search runs first on a grid ten times coarser (about ten times cheaper; a
     * coarser pessimistic grid still bounds epsilon from above, a little more loosely), then
     * finishes on the default grid from that answer, which usually already lies within the aim
     * there, so the expensive evaluations are one or two.
     */
    private static double coarseThenFine(double rdpAnswer, EpsilonOnGrid epsilonOf, double target) {
        double fine = PldAccountant.DEFAULT_DISCRETIZATION;
        double coarse = leastNoiseBelow(rdpAnswer, 0.8, z -> epsilonOf.epsilon(10 * fine, z), target);
        return leastNoiseBelow(coarse, 0.99, z -> epsilonOf.epsilon(fine, z), target);
    }

    private static PrivacyAccountant create(Accountant accountant, double discretization) {
        return switch (accountant) {
            case RDP -> new RdpAccountant();
            case PLD -> new PldAccountant(discretization);
            case TIGHTEST -> new TightestAccountant(new RdpAccountant(), new PldAccountant(discretization));
        };
    }

    /**
     * The least noise for an accountant that is expensive to ask, starting from {@code start}, an
     * answer of a looser accountant (usually within the target here too; if not, noise is doubled
     * until it is). Keeps eps(lo) &gt; limit &gt;= eps(hi) and moves by false position on
     * g(s) = log eps(e^s) - log(aim), halving the stale end's g when the same end moves twice
     * (Illinois), so it converges superlinearly where plain false position would stall.
     */
    private static double leastNoiseBelow(double start, double step, DoubleUnaryOperator epsilonOf, double target) {
        double limit = target * (1 - HEADROOM);
        double aim = 0.5 * (AIM_FRACTION + 1) * target;
        double hi = start;
        double epsHi = epsilonOf.applyAsDouble(hi);
        int evaluations = 1;
        while (epsHi > limit) { // the tighter accountant is looser here: rare, for tiny targets
            hi *= 2;
            if (hi > MAX_NOISE) throw new IllegalArgumentException("targetEpsilon " + target + " is unreachable");
            epsHi = epsilonOf.applyAsDouble(hi);
        }
        if (epsHi >= AIM_FRACTION * target) return hi;
        // Step down (by 20% from an RDP answer: PLD needs some 5-10% less noise) until the target is exceeded.
        double lo = hi * step;
        double epsLo = epsilonOf.applyAsDouble(lo);
        while (epsLo <= limit) {
            hi = lo;
            epsHi = epsLo;
            if (epsHi >= AIM_FRACTION * target || evaluations++ > MAX_EVALUATIONS) return hi;
            lo = hi * step;
            epsLo = epsilonOf.applyAsDouble(lo);
        }
        double gLo = Math.log(epsLo) - Math.log(aim);
        double gHi = Math.log(epsHi) - Math.log(aim);
        int lastMoved = 0;
        while (epsHi < AIM_FRACTION * target && hi - lo > 1e-12 * hi && evaluations++ < MAX_EVALUATIONS) {
            double sLo = Math.log(lo);
            double sHi = Math.log(hi);
            double s = Double.isFinite(gLo) ? sHi - gHi * (sHi - sLo) / (gHi - gLo) : 0.5 * (sLo + sHi);
            if (!(s > sLo && s < sHi)) s = 0.5 * (sLo + sHi);
            double mid = Math.exp(s);
            double epsMid = epsilonOf.applyAsDouble(mid);
            double gMid = Math.log(epsMid) - Math.log(aim);
            if (epsMid <= limit) {
                hi = mid;
                epsHi = epsMid;
                gHi = gMid;
                if (lastMoved == 1) gLo /= 2;
                lastMoved = 1;
            } else {
                lo = mid;
                gLo = gMid;
                if (lastMoved == -1) gHi /= 2;
                lastMoved = -1;
            }
        }
        return hi;
    }
}
