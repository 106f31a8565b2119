package dev.pmad.protocol;

/**
 * The privacy settings of a run, sent with every round so that agents apply exactly what the
 * coordinator accounted for.
 *
 * @param mode            none, record, local or central
 * @param noise           gaussian or laplace (laplace only in local mode)
 * @param clipNorm        bound on an update's (or, in record mode, an example gradient's) norm
 * @param noiseMultiplier noise standard deviation (Gaussian) or scale (Laplace) per unit of
 *                        sensitivity; 0 when mode is none
 * @param epsilonBudget   epsilon for the whole run; 0 when mode is none
 * @param delta           the delta of the (epsilon, delta) guarantee
 * @param samplingRate    the probability with which the coordinator draws each agent into a round,
 *                        secretly (Poisson), that the run's accounting counts on: below 1 only in
 *                        central mode with client sampling, where the run is charged as the
 *                        subsampled Gaussian at this rate; 1 otherwise, including when agents are
 *                        sampled in a mode that gains nothing from it
 * @param adaptiveClip    central mode only: the run adapts its clip norm round by round towards
 *                        a quantile of the update norms (Andrew et al. 2021), so {@code clipNorm}
 *                        is this round's and may differ from the last round's; each update then
 *                        says whether it was clipped ({@link ModelUpdate#unclipped}). Every other
 *                        setting stays fixed within the run
 */
public record PrivacyParams(String mode, String noise, double clipNorm, double noiseMultiplier,
                            double epsilonBudget, double delta, double samplingRate, boolean adaptiveClip) {
    public static final PrivacyParams NONE = new PrivacyParams("none", "gaussian", 0, 0, 0, 0);

    /** Without client sampling: every agent takes part in every round. */
    public PrivacyParams(String mode, String noise, double clipNorm, double noiseMultiplier, double epsilonBudget,
                         double delta) {
        this(mode, noise, clipNorm, noiseMultiplier, epsilonBudget, delta, 1.0);
    }

    /** With a clip norm fixed for the whole run. */
    public PrivacyParams(String mode, String noise, double clipNorm, double noiseMultiplier, double epsilonBudget,
                         double delta, double samplingRate) {
        this(mode, noise, clipNorm, noiseMultiplier, epsilonBudget, delta, samplingRate, false);
    }

    public PrivacyParams {
        Checks.id(mode, "privacy.mode");
        Checks.id(noise, "privacy.noise");
        Checks.nonNegative(clipNorm, "privacy.clipNorm");
        Checks.nonNegative(noiseMultiplier, "privacy.noiseMultiplier");
        Checks.nonNegative(epsilonBudget, "privacy.epsilonBudget");
        Checks.nonNegative(delta, "privacy.delta");
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("privacy.samplingRate must be in (0, 1], was " + samplingRate);
        }
        if (adaptiveClip && !"central".equals(mode)) {
            throw new IllegalArgumentException("privacy.adaptiveClip is only defined in central mode, not " + mode);
        }
    }

    /** The same settings with another clip norm: what may change from one round of an adaptive run to the next. */
    public PrivacyParams withClipNorm(double next) {
        return new PrivacyParams(mode, noise, next, noiseMultiplier, epsilonBudget, delta, samplingRate, adaptiveClip);
    }

    public boolean enabled() {
        return !"none".equals(mode);
    }
}
