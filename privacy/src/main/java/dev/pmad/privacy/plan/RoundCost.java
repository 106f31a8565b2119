package dev.pmad.privacy.plan;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.RdpAccountant;

/**
 * What one round costs in one privacy mode, as a mechanism to compose into an accountant.
 *
 * <ul>
 *   <li>{@code record}: {@code steps} Poisson-subsampled Gaussian steps of DP-SGD with sampling
 *       rate {@code q = batch / n} (Abadi et al. 2016);</li>
 *   <li>{@code local}: one Gaussian (or Laplace) release of the agent's clipped update;</li>
 *   <li>{@code central}: one Gaussian release of the sum of clipped updates of the agents the
 *       coordinator drew, each with probability {@code samplingRate} (Poisson, secret), so the
 *       Poisson-subsampled Gaussian with sensitivity 2C (see {@link PrivacyPlanner}); q = 1 when
 *       every agent takes part in every round.</li>
 * </ul>
 *
 * <p>Client sampling does not change the cost of a {@code local} round: the coordinator, whom
 * that mode protects against, knows whom it sampled.
 *
 * @param noiseMultiplier noise stddev (Gaussian) or scale (Laplace) divided by the sensitivity
 */
public record RoundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, double samplingRate, int steps) {

    /** Composes one round into {@code accountant}. */
    public void composeInto(RdpAccountant accountant) {
        switch (mode) {
            case NONE -> { }
            case RECORD, CENTRAL -> accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, steps);
            case LOCAL -> {
                if (noise == NoiseKind.LAPLACE) accountant.composeLaplace(noiseMultiplier, 1);
                else accountant.composeGaussian(noiseMultiplier, 1);
            }
        }
    }
}
