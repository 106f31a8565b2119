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
 *   <li>{@code central}: one discrete Gaussian release of the sum of clipped updates (on a
 *       lattice) of the agents the coordinator drew, each with probability {@code samplingRate}
 *       (Poisson, secret), under replace-one with sensitivity 2C: {@link
 *       Mechanism#sampledDiscreteGaussian}, charged by RDP with Wang, Balle and Kasiviswanathan
 *       2019 Theorem 9 (see {@link PrivacyPlanner}); q = 1 when every agent takes part in every
 *       round, then the plain discrete Gaussian.</li>
 * </ul>
 *
 * <p>Client sampling does not change the cost of a {@code local} round: the coordinator, whom
 * that mode protects against, knows whom it sampled.
 *
 * <p>{@code discrete}: the round's releases carry exact discrete noise on a lattice ({@link
 * Mechanism#discreteGaussian}, {@link Mechanism#sampledDiscreteGaussian}, {@link
 * Mechanism#discreteLaplace}): {@code local} and {@code central} rounds (with or without client
 * sampling) and federated Newton's sums; only DP-SGD's steps, never released themselves, keep
 * continuous Gaussian noise.
 *
 * @param noiseMultiplier noise stddev (Gaussian) or scale (Laplace) divided by the sensitivity
 */
public record RoundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, double samplingRate, int steps,
                        boolean discrete) {
    public RoundCost {
        if (discrete && samplingRate != 1 && mode != PrivacyMode.CENTRAL) {
            throw new IllegalArgumentException("discrete noise is sampled only in central mode (client sampling), was "
                    + mode.wireName() + " at samplingRate " + samplingRate);
        }
    }

    /** A round whose noise is discrete exactly when PMAD releases it so: local and central rounds. */
    public RoundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, double samplingRate, int steps) {
        this(mode, noise, noiseMultiplier, samplingRate, steps, mode == PrivacyMode.LOCAL || mode == PrivacyMode.CENTRAL);
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
            // Replace-one: the roster is known, so the release hides what an agent sent, not whether
            // it exists (PrivacyPlanner's class note); at rate 1 the plain discrete Gaussian.
            // Continuous only for a RoundCost built so by hand (the replace-one subsampled Gaussian).
            case CENTRAL -> List.of(discrete ? Mechanism.sampledDiscreteGaussian(samplingRate, noiseMultiplier, 1)
                    : Mechanism.replaceOneGaussian(samplingRate, noiseMultiplier, 1));
        };
    }

    /** This round's mechanisms, each released {@code times} times over: a plan of {@code times} such rounds. */
    public List<Mechanism> mechanismsTimes(int times) {
        return mechanisms().stream().map(m -> m.times(times)).toList();
    }
}
