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
 *   <li>{@code central}: one Gaussian release of the sum of clipped updates; all agents take part
 *       in every round, so there is no amplification by sampling (q = 1).</li>
 * </ul>
 *
 * @param noiseMultiplier noise stddev (Gaussian) or scale (Laplace) divided by the sensitivity
 */
public record RoundCost(PrivacyMode mode, NoiseKind noise, double noiseMultiplier, double samplingRate, int steps) {

    /** Composes one round into {@code accountant}. */
    public void composeInto(RdpAccountant accountant) {
        switch (mode) {
            case NONE -> { }
            case RECORD -> accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, steps);
            case LOCAL, CENTRAL -> {
                if (noise == NoiseKind.LAPLACE) accountant.composeLaplace(noiseMultiplier, 1);
                else accountant.composeGaussian(noiseMultiplier, 1);
            }
        }
    }
}
