package dev.pmad.privacy.accounting;

/**
 * Composes the mechanisms PMAD releases with and answers the (epsilon, delta) guarantee of
 * everything composed so far, as dp_accounting's {@code PrivacyAccountant}. Implementations:
 * {@link RdpAccountant} (Renyi DP), {@link PldAccountant} (privacy loss distributions) and the
 * tighter of the two, all made by {@link Accountant#create()}. Every answer is an upper bound on
 * the true epsilon, so the smaller of two answers for the same releases is one too.
 *
 * <p>Mutable and not thread-safe.
 */
public interface PrivacyAccountant {
    /** Charges {@code steps} Gaussian releases with noise stddev noiseMultiplier x L2 sensitivity. */
    void composeGaussian(double noiseMultiplier, int steps);

    /**
     * Charges {@code steps} Poisson-subsampled Gaussian releases: each record (or agent) takes part
     * with probability {@code samplingRate}, the sum gets noise of stddev noiseMultiplier x clip norm.
     */
    void composeSubsampledGaussian(double samplingRate, double noiseMultiplier, int steps);

    /**
     * Charges {@code steps} Poisson-subsampled Gaussian releases under replace-one neighbours
     * ({@link Neighbours#REPLACE_ONE}): each contribution takes part with probability {@code
     * samplingRate}, one contribution may be replaced by another, and the noise stddev is
     * noiseMultiplier x the sensitivity of that replacement (2C for contributions of norm C).
     * At sampling rate 1 this is {@link #composeGaussian}.
     */
    void composeReplaceOneSubsampledGaussian(double samplingRate, double noiseMultiplier, int steps);

    /** Charges {@code steps} Laplace releases with scale b = scaleOverSensitivity x L1 sensitivity. */
    void composeLaplace(double scaleOverSensitivity, int steps);

    /**
     * Charges {@code steps} releases of the exact discrete Gaussian, sigma = noiseMultiplier x L2
     * sensitivity in lattice units, without sampling ({@link Mechanism#discreteGaussian}).
     */
    void composeDiscreteGaussian(double noiseMultiplier, int steps);

    /**
     * Charges {@code steps} releases of the exact discrete Gaussian on a Poisson subsample at rate
     * {@code samplingRate} under replace-one neighbours, sigma = noiseMultiplier x the sensitivity
     * of a replacement in lattice units ({@link Mechanism#sampledDiscreteGaussian}). At rate 1 this
     * is {@link #composeDiscreteGaussian}.
     */
    void composeSampledDiscreteGaussian(double samplingRate, double noiseMultiplier, int steps);

    /** Charges {@code steps} releases of the exact discrete Laplace, b = scaleOverSensitivity x L1 sensitivity. */
    void composeDiscreteLaplace(double scaleOverSensitivity, int steps);

    /** Epsilon spent so far at {@code delta}; 0 if nothing was composed, +infinity for a release without noise. */
    double epsilon(double delta);

    /** Which accountant this is. */
    Accountant kind();

    /** An independent accountant with the same releases composed. */
    PrivacyAccountant copy();
}
