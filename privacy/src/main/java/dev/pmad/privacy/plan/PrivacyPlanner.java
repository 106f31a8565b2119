package dev.pmad.privacy.plan;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.Accountant;
import dev.pmad.privacy.accounting.NoiseCalibration;

/**
 * Calibrates the noise of every round so that a run of {@code rounds} rounds spends at most the
 * run's epsilon budget at its delta, as Opacus' {@code make_private_with_epsilon} does for epochs.
 *
 * <p>Neighbour relations and sensitivities: in {@code record} mode, add/remove one record: one
 * example's clipped gradient (norm at most C) is added or removed. In {@code local} and {@code
 * central} mode, replace one agent's data: the release must hide an agent's whole dataset, i.e.
 * any clipped update from any other, which moves the update (local) or the sum of updates
 * (central: every agent takes part in every round and the participants are published, so adding
 * or removing an agent is not the relation the release can hide) by at most 2C. Noise standard
 * deviation (or Laplace scale) = noise multiplier x sensitivity.
 *
 * <p>Accountant: {@link #ACCOUNTANT}, the smaller epsilon of PLD and RDP for the same releases
 * (both valid bounds, PLD the smaller in every regime PMAD plans). The coordinator plans with
 * it, and every agent checks each round's run epsilon with it, so a plan the coordinator makes
 * is one the agents accept.
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

    /** The cost of one round for an agent with {@code samples} training rows. */
    public static RoundCost roundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, int samples,
                                      int batchSize, int epochs) {
        return switch (mode) {
            case RECORD -> new RoundCost(mode, NoiseKind.GAUSSIAN, noiseMultiplier,
                    recordSamplingRate(samples, batchSize), recordStepsPerRound(samples, batchSize, epochs));
            case LOCAL, CENTRAL -> new RoundCost(mode, mode == PrivacyMode.CENTRAL ? NoiseKind.GAUSSIAN : noise,
                    noiseMultiplier, 1.0, 1);
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
            case LOCAL -> noise == NoiseKind.LAPLACE
                    ? NoiseCalibration.laplaceScale(epsilon, delta, rounds, ACCOUNTANT)
                    : NoiseCalibration.gaussianNoiseMultiplier(epsilon, delta, 1.0, rounds, ACCOUNTANT);
            case CENTRAL -> NoiseCalibration.gaussianNoiseMultiplier(epsilon, delta, 1.0, rounds, ACCOUNTANT);
        };
    }

    /**
     * Record mode with federated Newton ({@code newton} strategy): no sampling, one Gaussian
     * release of the agent's gradient sum per round plus one release of its Gram matrix per run,
     * so {@code rounds + 1} Gaussian mechanisms at one noise multiplier.
     */
    public static double newtonNoiseMultiplier(double epsilon, double delta, int rounds) {
        return NoiseCalibration.gaussianNoiseMultiplier(epsilon, delta, 1.0, rounds + 1, ACCOUNTANT);
    }

    /**
     * One record-mode Newton round: {@code releases} Gaussian mechanisms at noise multiplier
     * {@code z} (1 for the gradient; 2 in the round that also releases the Gram matrix).
     */
    public static RoundCost newtonRoundCost(double noiseMultiplier, int releases) {
        if (releases < 1 || releases > 2) throw new IllegalArgumentException("a Newton round releases 1 or 2 statistics, not " + releases);
        return new RoundCost(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, noiseMultiplier, 1.0, releases);
    }

    /** The L2 (or, for Laplace, L1) sensitivity a noise multiplier is scaled by: 2C under replace-one, C under add/remove-one. */
    public static double sensitivity(PrivacyMode mode, double clipNorm) {
        return mode == PrivacyMode.LOCAL || mode == PrivacyMode.CENTRAL ? 2 * clipNorm : clipNorm;
    }
}
