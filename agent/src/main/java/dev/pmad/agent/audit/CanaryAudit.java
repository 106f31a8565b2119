package dev.pmad.agent.audit;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.random.RandomGenerator;

/**
 * Runs one audited training of the agent's own DP-SGD ({@link
 * dev.pmad.agent.training.DpSgdTrainer}) with gradient canaries and scores them.
 *
 * <p><b>Mode none</b> runs the same audit with the noise removed (a noise multiplier of {@link
 * #NO_NOISE}: the Gaussian mechanism refuses exactly zero, rightly): same rows, sampling,
 * clipping, canaries and observation. It measures the audit's power on this configuration, the
 * most any mechanism's audit could show there, so that a small epsilon in record mode means "the
 * noise hid the canaries" and not "the audit could not see". A real run without DP trains with
 * Tribuo's SGD and releases only its final model, a weaker view than this one; an audit of that
 * view is capped by the model's dimension (one orthogonal input canary per weight).
 */
public final class CanaryAudit {
    /** Noise standard deviation of mode none, in clip norms: nine orders of magnitude below a canary's signal. */
    public static final double NO_NOISE = 1e-9;

    private CanaryAudit() {}

    /**
     * @param noiseMultiplier the multiplier DP-SGD adds noise with in record mode, calibrated by
     *                        the caller to the claimed epsilon as a run would; ignored in mode none
     * @param secure          the generator of sampling and noise (a run's secure generator)
     */
    public static CanaryScores run(PrivacyMode mode, double[][] x, int[] y, ModelShape shape, TrainingParams params,
                                   double clipNorm, double noiseMultiplier, int canaries, long seed, RandomGenerator secure) {
        if (canaries < 1) throw new IllegalArgumentException("--canaries must be at least 1, was " + canaries);
        double z = switch (mode) {
            case RECORD -> noiseMultiplier;
            case NONE -> NO_NOISE;
            case LOCAL, CENTRAL -> throw new IllegalArgumentException("--dp-mode " + mode.wireName()
                    + " protects an agent's whole dataset, not a record: audit it with canary agents (LocalCanaries,"
                    + " CentralCanaries), not gradient canaries");
        };
        return GradientCanaries.run(x, y, shape, params, clipNorm, z, canaries, seed, secure);
    }

    /** How many gradient canaries a run of {@code steps} DP-SGD steps has room for: one per (step, weight column). */
    public static long slots(ModelShape shape, int steps) {
        return (long) steps * shape.rowLength();
    }
}
