package dev.pmad.privacy.accounting;

import dev.pmad.privacy.NoiseKind;
import java.util.Objects;

/**
 * {@code count} releases of one noise mechanism with sensitivity 1: Gaussian noise of stddev
 * {@code noiseMultiplier} on a Poisson subsample at rate {@code samplingRate} (1: no sampling),
 * or Laplace noise of scale {@code noiseMultiplier} (relative to the L1 sensitivity; sampling rate
 * 1). What an accountant needs to recompose a run later, e.g. from a ledger, with any accountant.
 */
public record Mechanism(NoiseKind noise, double samplingRate, double noiseMultiplier, long count) {
    public Mechanism {
        Objects.requireNonNull(noise, "noise");
        Checks.requireSamplingRate(samplingRate, true);
        Checks.requireNoiseMultiplier(noiseMultiplier);
        if (noise == NoiseKind.LAPLACE && samplingRate != 1) {
            throw new IllegalArgumentException("Laplace releases are accounted without sampling, samplingRate was "
                    + samplingRate);
        }
        if (noise == NoiseKind.LAPLACE) Checks.requireLaplaceScale(noiseMultiplier);
        if (count < 0) throw new IllegalArgumentException("count must be >= 0, was " + count);
    }

    /** {@code steps} Poisson-subsampled Gaussian releases (sampling rate 1: plain Gaussian). */
    public static Mechanism gaussian(double samplingRate, double noiseMultiplier, long steps) {
        return new Mechanism(NoiseKind.GAUSSIAN, samplingRate, noiseMultiplier, steps);
    }

    /** {@code steps} Laplace releases of scale b relative to the L1 sensitivity. */
    public static Mechanism laplace(double scaleOverSensitivity, long steps) {
        return new Mechanism(NoiseKind.LAPLACE, 1, scaleOverSensitivity, steps);
    }

    /** The same mechanism released {@code more} more times. */
    public Mechanism plus(long more) {
        return new Mechanism(noise, samplingRate, noiseMultiplier, Math.addExact(count, more));
    }

    /** True when {@code other} is the same mechanism, whatever the counts. */
    public boolean sameMechanism(Mechanism other) {
        return noise == other.noise && Double.compare(samplingRate, other.samplingRate) == 0
                && Double.compare(noiseMultiplier, other.noiseMultiplier) == 0;
    }

    /** Composes these releases into {@code accountant}. */
    public void composeInto(PrivacyAccountant accountant) {
        int steps = Math.toIntExact(count);
        if (noise == NoiseKind.LAPLACE) accountant.composeLaplace(noiseMultiplier, steps);
        else accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, steps);
    }
}
