package dev.pmad.privacy.plan;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.accounting.PrivacyAccountant;
import java.util.List;

/**
 * What one round costs in one privacy mode, as a mechanism to compose into an accountant.
 *
 * <ul>
 *   <li>{@code record}: {@code steps} Poisson-subsampled Gaussian steps of DP-SGD with sampling
 *       rate {@code q = batch / n} (Abadi et al. 2016), add/remove-one record;</li>
 *   <li>{@code local}: one Gaussian (or Laplace) release of the agent's clipped update;</li>
 *   <li>{@code central}: one Gaussian release of the sum of clipped updates of the agents the
 *       coordinator drew, each with probability {@code samplingRate} (Poisson, secret), so the
 *       Poisson-subsampled Gaussian under replace-one with sensitivity 2C (see {@link
 *       PrivacyPlanner}); q = 1 when every agent takes part in every round.</li>
 * </ul>
 *
 * <p>Client sampling does not change the cost of a {@code local} round: the coordinator, whom
 * that mode protects against, knows whom it sampled.
 *
 * <p>{@code discrete}: the round's releases carry exact discrete noise on a lattice ({@link
 * Mechanism#discreteGaussian}, {@link Mechanism#discreteLaplace}): {@code local} rounds,
 * {@code central} rounds without client sampling, and federated Newton's sums; DP-SGD's steps
 * and sampled {@code central} rounds keep continuous Gaussian noise.
 *
 * @param noiseMultiplier noise stddev (Gaussian) or scale (Laplace) divided by the sensitivity
 */
public record RoundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, double samplingRate, int steps,
                        boolean discrete) {
    public RoundCost {
        if (discrete && samplingRate != 1) throw new IllegalArgumentException("discrete noise is not sampled");
    }

    /** A round whose noise is discrete exactly when PMAD releases it so: local, and central without sampling. */
    public RoundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, double samplingRate, int steps) {
        this(mode, noise, noiseMultiplier, samplingRate, steps,
                mode == PrivacyMode.LOCAL || (mode == PrivacyMode.CENTRAL && samplingRate == 1));
    }

    /** Composes one round into {@code accountant} (any of them: RDP, PLD or the tighter of both). */
    public void composeInto(PrivacyAccountant accountant) {
        mechanisms().forEach(m -> m.composeInto(accountant));
    }

    /**
     * The round as releases of one mechanism, what a ledger keeps so that any accountant can
     * recompose the run later; empty in mode none.
     */
    public List<Mechanism> mechanisms() {
        return switch (mode) {
            case NONE -> List.of();
            // DP-SGD's steps (continuous noise inside training); federated Newton's sums (discrete).
            case RECORD -> List.of(discrete ? Mechanism.discreteGaussian(noiseMultiplier, steps)
                    : Mechanism.gaussian(samplingRate, noiseMultiplier, steps));
            // Exact noise on a lattice: the discrete mechanisms (PrivacyPlanner's class note).
            case LOCAL -> List.of(noise == NoiseKind.LAPLACE
                    ? (discrete ? Mechanism.discreteLaplace(noiseMultiplier, 1) : Mechanism.laplace(noiseMultiplier, 1))
                    : discrete ? Mechanism.discreteGaussian(noiseMultiplier, 1) : Mechanism.gaussian(1, noiseMultiplier, 1));
            // Replace-one, not add/remove: under sampling the add/remove pair is another mechanism,
            // whose PLD is not known to bound this one (PrivacyPlanner's class note). Without
            // sampling the coordinator's noise is the discrete Gaussian.
            case CENTRAL -> List.of(discrete ? Mechanism.discreteGaussian(noiseMultiplier, 1)
                    : Mechanism.replaceOneGaussian(samplingRate, noiseMultiplier, 1));
        };
    }

    /** This round's mechanisms, each released {@code times} times over: a plan of {@code times} such rounds. */
    public List<Mechanism> mechanismsTimes(int times) {
        return mechanisms().stream().map(m -> m.times(times)).toList();
    }
}
