package dev.pmad.agent.privacy;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.mechanism.LaplaceMechanism;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.privacy.plan.RoundCost;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.RoundStart;
import java.util.random.RandomGenerator;

/**
 * The agent's privacy ledger and release step. Used only from the agent's loop thread.
 *
 * <p>Before each round the agent charges the round's cost to a copy of its ledger; if the result
 * would exceed its budget (its own {@code DP_EPSILON} cap, else the run's budget) it refuses and
 * releases nothing. It never trusts the coordinator to have planned correctly: a coordinator that
 * asks for more rounds than planned, or sends too little noise, is refused.
 */
public final class AgentPrivacy {
    private final double epsilonCap;
    private final double clipNormCap;
    private final RandomGenerator random;
    private String ledgerRun;
    private RdpAccountant ledger;

    public AgentPrivacy(double epsilonCap) {
        this(epsilonCap, 0, RandomSources.secureRandom());
    }

    /** With the agent's own clip-norm cap (0 = none): rounds asking for a larger clip norm are refused. */
    public AgentPrivacy(double epsilonCap, double clipNormCap) {
        this(epsilonCap, clipNormCap, RandomSources.secureRandom());
    }

    /** With a given generator; pass a seeded one only in tests (a known seed gives no privacy). */
    public AgentPrivacy(double epsilonCap, RandomGenerator random) {
        this(epsilonCap, 0, random);
    }

    public AgentPrivacy(double epsilonCap, double clipNormCap, RandomGenerator random) {
        this.epsilonCap = epsilonCap;
        this.clipNormCap = clipNormCap;
        this.random = random;
    }

    /** The outcome of the pre-round check, and what the release must apply. */
    public record Decision(boolean allowed, String reason, PrivacyMode mode, NoiseKind noise, double clipNorm,
                           double noiseMultiplier, double epsilonAfter, RoundCost cost) {
        public boolean recordLevel() {
            return mode == PrivacyMode.RECORD;
        }
    }

    public Decision beforeRound(RoundStart start, int samples) {
        PrivacyParams p = start.privacy();
        PrivacyMode mode;
        NoiseKind noise;
        try {
            mode = PrivacyMode.parse(p.mode(), "privacy.mode");
            noise = NoiseKind.parse(p.noise(), "privacy.noise");
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        if (mode == PrivacyMode.NONE) {
            if (epsilonCap > 0) {
                return refuse("this agent requires differential privacy (DP_EPSILON=" + epsilonCap
                        + ") but the run has DP_MODE=none");
            }
            return new Decision(true, "", mode, noise, 0, 0, 0, null);
        }
        if (!(p.noiseMultiplier() > 0) || !(p.clipNorm() > 0) || !(p.delta() > 0 && p.delta() < 1)) {
            return refuse("privacy mode " + p.mode() + " with noise multiplier " + p.noiseMultiplier() + ", clip norm "
                    + p.clipNorm() + " and delta " + p.delta() + " would release an unprotected update");
        }
        if (clipNormCap > 0 && p.clipNorm() > clipNormCap) {
            // The clip norm is the sensitivity every epsilon is computed for: a larger one than
            // this agent agreed to would make the accounting a promise about someone else's bound.
            return refuse("the round's clip norm " + p.clipNorm() + " is above this agent's DP_CLIP_NORM="
                    + clipNormCap + "; lower the coordinator's DP_CLIP_NORM or raise the agent's");
        }
        // The stricter of the agent's own cap and the run's plan: a coordinator asking for more
        // rounds than it planned is refused even when the agent's cap is looser.
        double budget = epsilonCap > 0 ? Math.min(epsilonCap, p.epsilonBudget() > 0 ? p.epsilonBudget() : epsilonCap)
                : p.epsilonBudget();
        if (!(budget > 0)) return refuse("no privacy budget: set DP_EPSILON");
        if (!start.runId().equals(ledgerRun)) {
            ledgerRun = start.runId();
            ledger = new RdpAccountant();
        }
        RoundCost cost = PrivacyPlanner.roundCost(mode, noise, p.noiseMultiplier(), samples,
                start.training().batchSize(), start.training().epochs());
        RdpAccountant next = ledger.copy();
        cost.composeInto(next);
        double epsilon = next.epsilon(p.delta());
        // A hair of tolerance for the calibration's own rounding, never more.
        if (!(epsilon <= budget * (1 + 1e-9))) {
            return refuse(String.format(java.util.Locale.ROOT,
                    "privacy budget exhausted: round %d would bring epsilon to %.4f, above the budget %.4f at delta %.1e"
                            + " (DP_EPSILON); stopping before anything is sent",
                    start.round(), epsilon, budget, p.delta()));
        }
        ledger = next;
        return new Decision(true, "", mode, noise, p.clipNorm(), p.noiseMultiplier(), epsilon, cost);
    }

    /** The update as it may leave the agent: clipped and noised as the mode requires. */
    public double[] release(double[] delta, Decision decision) {
        if (!decision.allowed()) throw new IllegalStateException("release after a refused round");
        double c = decision.clipNorm();
        return switch (decision.mode()) {
            case NONE, RECORD -> delta.clone(); // record: DP-SGD already made the weights private
            case CENTRAL -> Clipping.toL2Norm(delta, c);
            case LOCAL -> {
                double sensitivity = PrivacyPlanner.sensitivity(PrivacyMode.LOCAL, c);
                yield decision.noise() == NoiseKind.LAPLACE
                        ? new LaplaceMechanism(random).addNoise(Clipping.toL1Norm(delta, c), decision.noiseMultiplier() * sensitivity)
                        : new GaussianMechanism(random).addNoise(Clipping.toL2Norm(delta, c), decision.noiseMultiplier() * sensitivity);
            }
        };
    }

    /**
     * The secure generator for DP-SGD's Poisson sampling and noise: amplification by sampling
     * assumes nobody can predict which rows were drawn, so never a seeded one.
     */
    public RandomGenerator random() {
        return random;
    }

    private static Decision refuse(String reason) {
        return new Decision(false, reason, PrivacyMode.NONE, NoiseKind.GAUSSIAN, 0, 0, 0, null);
    }
}
