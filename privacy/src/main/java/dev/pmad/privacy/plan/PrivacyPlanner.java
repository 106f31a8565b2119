package dev.pmad.privacy.plan;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.Accountant;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.accounting.NoiseCalibration;

/**
 * Calibrates the noise of every round so that a run of {@code rounds} rounds spends at most the
 * run's epsilon budget at its delta, as Opacus' {@code make_private_with_epsilon} does for epochs.
 *
 * <p>Neighbour relations and sensitivities: in {@code record} mode, add/remove one record: one
 * example's clipped gradient (norm at most C) is added or removed. In {@code local} and {@code
 * central} mode, replace one agent's data: the release must hide an agent's whole dataset, i.e.
 * any clipped update from any other, which moves the update (local) or the sum of updates
 * (central: the roster is known, so adding or removing an agent is not the relation the release
 * can hide) by at most 2C. Noise standard deviation (or Laplace scale) = noise multiplier x
 * sensitivity.
 *
 * <p><b>Exact noise.</b> Every value an agent or the coordinator releases is exact discrete noise
 * on a lattice ({@link dev.pmad.privacy.mechanism.LatticeRelease}), charged as {@link
 * Mechanism#discreteGaussian}, {@link Mechanism#sampledDiscreteGaussian} or {@link
 * Mechanism#discreteLaplace} and calibrated under RDP, the only accountant that bounds them.
 * The one exception is DP-SGD's steps inside {@code record} mode: continuous Gaussian noise on
 * each step's sum, never released itself (the weights sent are post-processing of all the
 * noised steps), accounted with the tightest of PLD and RDP.
 *
 * <p>Accountant: {@link #ACCOUNTANT}, the smaller epsilon of PLD and RDP for the same releases
 * (both valid bounds; PLD answers +infinity for discrete noise, so for every release mode but
 * {@code record} the answer is RDP's). The coordinator plans with it, and every agent checks
 * each round's run epsilon with it, so a plan the coordinator makes is one the agents accept.
 *
 * <p><b>Client sampling in central mode.</b> When the coordinator draws each round's agents by
 * Poisson sampling with rate q, secretly (nobody but the coordinator learns who took part), one
 * round is the discrete Gaussian mechanism on a Poisson subsample under replace-one: the clipped
 * updates of the drawn agents go on the lattice with integer norm at most C / gamma, their sum
 * gets N_Z(0, (z 2C / gamma)^2) per coordinate (as without sampling), and replacing one agent's
 * update by another moves the lattice sum by at most 2C / gamma. {@link #centralRoundCost}
 * charges it as {@link Mechanism#sampledDiscreteGaussian}, under RDP: Wang, Balle and
 * Kasiviswanathan 2019 ("Subsampled Renyi Differential Privacy and Analytical Moments
 * Accountant", AISTATS), Theorem 9, over the discrete Gaussian's curve alpha / (2 z^2) (CKS 2020
 * Theorem 14), and the same expansion with its pairwise terms computed exactly from the discrete
 * Gaussian's integer moments, which on the lattice equal the continuous Gaussian's; the smaller
 * of the two (and of the unsampled curve) at ceil(alpha). Theorem 9 is stated for sampling without
 * replacement; its proof needs only the base mechanism's divergences between the conditional
 * outputs, here M(S+u) against M(S+v) (replace-one, 2C) and each against M(S) (add/remove, C);
 * {@code SampledDiscreteGaussianRdp} in the accounting package writes the argument out. PLD gives
 * no bound for discrete noise, so the run's epsilon is RDP's.
 *
 * <p>What it costs: the bound is looser than the continuous release's replace-one PLD, which
 * computed the exact pair; for the same epsilon the noise multiplier is 20% to 60% larger at
 * q = 0.2 and 0.5 (BENCHMARKS.md, "Central mode with client sampling: exact noise"), still far
 * below the unsampled one. Theorem 9 alone would give nothing at these rates: its higher terms
 * are bounded by 2 e^((j-1) eps(j)), about 2 whatever the noise. The continuous replace-one
 * accounting (PLD of dp_accounting's REPLACE adjacency, the Mironov-Talwar-Zhang curve at 2C
 * under RDP, {@code CentralSamplingBoundTest}) stays in the accountants for ledgers written
 * before; no release uses it any more.
 *
 * <p>The sampling must be pure Poisson for any of this to hold: no agent added because too few
 * were drawn, no redraw, no round dropped for its size, and the mean taken over a fixed
 * denominator (McMahan et al. 2018) rather than the drawn count, which would tell whether one more
 * agent took part.
 */
public final class PrivacyPlanner {
    /** The accountant every run is calibrated and reported with. */
    public static final Accountant ACCOUNTANT = Accountant.DEFAULT;

    private PrivacyPlanner() {}

    /** DP-SGD steps in one round: every epoch is about n / batch expected-size batches. */
    public static int recordStepsPerRound(int samples, int batchSize, int epochs) {
        return epochs * Math.max(1, (int) Math.ceil(samples / (double) batchSize));
    }

    public static double recordSamplingRate(int samples, int batchSize) {
        return Math.min(1.0, batchSize / (double) samples);
    }

    /**
     * The cost of one round for an agent with {@code samples} training rows; in central mode, of
     * a round every agent takes part in ({@link #centralRoundCost} for client sampling).
     */
    public static RoundCost roundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, int samples,
                                      int batchSize, int epochs) {
        return switch (mode) {
            case RECORD -> new RoundCost(mode, NoiseKind.GAUSSIAN, noiseMultiplier,
                    recordSamplingRate(samples, batchSize), recordStepsPerRound(samples, batchSize, epochs));
            case LOCAL -> new RoundCost(mode, noise, noiseMultiplier, 1.0, 1);
            case CENTRAL -> centralRoundCost(noiseMultiplier, 1.0);
            case NONE -> new RoundCost(mode, noise, 0, 1.0, 0);
        };
    }

    /**
     * The noise multiplier for a run of {@code rounds} rounds; in record mode it depends on the
     * agent's {@code samples}, so each agent gets its own.
     */
    public static double noiseMultiplier(PrivacyMode mode, NoiseKind noise, double epsilon, double delta, int rounds,
                                         int samples, int batchSize, int epochs) {
        return switch (mode) {
            case NONE -> 0;
            case RECORD -> NoiseCalibration.gaussianNoiseMultiplier(epsilon, delta,
                    recordSamplingRate(samples, batchSize), rounds * recordStepsPerRound(samples, batchSize, epochs),
                    ACCOUNTANT);
            // Local releases are exact discrete noise on a lattice (LatticeRelease), bounded by RDP alone.
            case LOCAL -> noise == NoiseKind.LAPLACE
                    ? NoiseCalibration.discreteLaplaceScale(epsilon, delta, rounds)
                    : NoiseCalibration.discreteGaussianNoiseMultiplier(epsilon, delta, rounds);
            case CENTRAL -> centralNoiseMultiplier(epsilon, delta, rounds, 1.0);
        };
    }

    /**
     * The noise multiplier of a central-mode run of {@code rounds} rounds in which each agent
     * takes part in a round with probability {@code clientSamplingRate}, drawn secretly by
     * Poisson sampling (1: every agent every round). See the class note for when the sampling
     * may be counted.
     */
    public static double centralNoiseMultiplier(double epsilon, double delta, int rounds, double clientSamplingRate) {
        // Exact discrete noise with or without sampling, bounded by RDP alone (the class note).
        return NoiseCalibration.sampledDiscreteGaussianNoiseMultiplier(epsilon, delta, clientSamplingRate, rounds);
    }

    /**
     * One central-mode round: the sum of clipped updates of the agents drawn with probability
     * {@code clientSamplingRate} (1: every agent), noised with multiplier {@code noiseMultiplier}
     * of the sensitivity 2C.
     */
    public static RoundCost centralRoundCost(double noiseMultiplier, double clientSamplingRate) {
        if (!(clientSamplingRate > 0 && clientSamplingRate <= 1)) {
            throw new IllegalArgumentException("client sampling rate must be in (0, 1], was " + clientSamplingRate);
        }
        return new RoundCost(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, noiseMultiplier, clientSamplingRate, 1);
    }

    /**
     * Record mode with federated Newton ({@code newton} strategy): no sampling, one Gaussian
     * release of the agent's gradient sum per round plus one release of its Gram matrix per run,
     * so {@code rounds + 1} Gaussian mechanisms at one noise multiplier.
     */
    public static double newtonNoiseMultiplier(double epsilon, double delta, int rounds) {
        return NoiseCalibration.discreteGaussianNoiseMultiplier(epsilon, delta, rounds + 1);
    }

    /**
     * One record-mode Newton round: {@code releases} Gaussian mechanisms at noise multiplier
     * {@code z} (1 for the gradient; 2 in the round that also releases the Gram matrix).
     */
    public static RoundCost newtonRoundCost(double noiseMultiplier, int releases) {
        if (releases < 1 || releases > 2) throw new IllegalArgumentException("a Newton round releases 1 or 2 statistics, not " + releases);
        return new RoundCost(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, noiseMultiplier, 1.0, releases, true);
    }

    /** The L2 (or, for Laplace, L1) sensitivity a noise multiplier is scaled by: 2C under replace-one, C under add/remove-one. */
    public static double sensitivity(PrivacyMode mode, double clipNorm) {
        return mode == PrivacyMode.LOCAL || mode == PrivacyMode.CENTRAL ? 2 * clipNorm : clipNorm;
    }
}
