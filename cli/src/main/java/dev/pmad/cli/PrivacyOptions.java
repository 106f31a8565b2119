package dev.pmad.cli;

import dev.pmad.coordinator.CoordinatorConfig.PrivacySettings;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import picocli.CommandLine.Option;

/** Differential-privacy settings of a run. */
public final class PrivacyOptions {
    @Option(names = "--dp-mode", defaultValue = "none", paramLabel = "none|record|local|central",
            description = "What is protected: none, record (DP-SGD in each agent), local (each agent noises its update),"
                    + " central (the coordinator noises the sum) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--dp-epsilon", defaultValue = "0", description = "Privacy budget of the whole run (0 = no DP).")
    double epsilon;

    @Option(names = "--dp-delta", defaultValue = "1e-5", description = "Delta of the (epsilon, delta) guarantee (default: ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--dp-clip", defaultValue = "1.0", paramLabel = "C|adaptive[:Q[:C0]]",
            description = "Clip norm C of updates (or per-example gradients in record mode) (default: ${DEFAULT-VALUE});"
                    + " in central mode 'adaptive' moves it each round towards quantile Q of the update norms"
                    + " (default 0.5, the median) from C0 (default 1.0), Andrew et al. 2021.")
    String clip;

    @Option(names = "--dp-noise", defaultValue = "gaussian", paramLabel = "gaussian|laplace",
            description = "Noise of local mode: gaussian (L2 clipping) or laplace (L1 clipping) (default: ${DEFAULT-VALUE}).")
    String noise;

    PrivacySettings settings() {
        return settings(mode, epsilon, delta, clip, noise, "--dp-");
    }

    /** Validates privacy settings; messages name the option (or variable) to fix. */
    static PrivacySettings settings(String modeText, double epsilon, double delta, String clipText, String noiseText,
                                    String prefix) {
        boolean env = !prefix.startsWith("--");
        String eps = env ? "DP_EPSILON" : prefix + "epsilon";
        String del = env ? "DP_DELTA" : prefix + "delta";
        String clp = env ? "DP_CLIP_NORM" : prefix + "clip";
        PrivacyMode mode = PrivacyMode.parse(modeText, env ? "DP_MODE" : prefix + "mode");
        String text = clipText == null ? "" : clipText.strip();
        PrivacySettings.AdaptiveClip adaptive = null;
        double clip;
        if (text.equals("adaptive") || text.startsWith("adaptive:")) {
            String[] parts = text.split(":", -1);
            if (parts.length > 3) {
                throw new IllegalArgumentException(clp + "=" + clipText + " is not adaptive[:quantile[:start]]");
            }
            double quantile = parts.length > 1 ? number(parts[1], clp + "'s quantile") : PrivacySettings.AdaptiveClip.DEFAULT_QUANTILE;
            if (!(quantile > 0 && quantile < 1)) {
                throw new IllegalArgumentException(clp + "=" + clipText + ": the quantile must be in (0, 1), was " + quantile
                        + " (the fraction of updates left unclipped, e.g. adaptive:0.5 for the median)");
            }
            clip = parts.length > 2 ? number(parts[2], clp + "'s start") : 1.0;
            if (mode != PrivacyMode.CENTRAL) {
                // The noised count of unclipped updates needs the trusted aggregator of central
                // mode; in local and record mode nobody could count the bits privately.
                throw new IllegalArgumentException(clp + "=adaptive is only available with " + (env ? "DP_MODE" : prefix + "mode")
                        + "=central, not " + mode.wireName() + ": it needs a trusted coordinator to noise the count of"
                        + " unclipped updates; give " + clp + " a number, or use central mode");
            }
            adaptive = new PrivacySettings.AdaptiveClip(quantile);
        } else {
            clip = number(text, clp);
        }
        NoiseKind noise = NoiseKind.parse(noiseText, env ? "DP_NOISE" : prefix + "noise");
        if (!Double.isFinite(epsilon) || epsilon < 0) {
            throw new IllegalArgumentException(eps + " must be a finite number >= 0, was " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException(del + " must be in (0, 1), was " + delta);
        if (!(clip > 0) || !Double.isFinite(clip)) throw new IllegalArgumentException(clp + " must be a positive number, was " + clip);
        if (mode == PrivacyMode.NONE && epsilon > 0) {
            throw new IllegalArgumentException(eps + "=" + epsilon + " has no effect without a privacy mode: set "
                    + (env ? "DP_MODE" : prefix + "mode") + " to record, local or central");
        }
        if (mode != PrivacyMode.NONE && epsilon == 0) {
            throw new IllegalArgumentException((env ? "DP_MODE" : prefix + "mode") + "=" + mode.wireName()
                    + " needs a budget: set " + eps + " (e.g. 1.0)");
        }
        if (noise == NoiseKind.LAPLACE && mode != PrivacyMode.LOCAL) {
            throw new IllegalArgumentException((env ? "DP_NOISE" : prefix + "noise") + "=laplace is only available in local mode");
        }
        return new PrivacySettings(mode, noise, epsilon, delta, clip, adaptive);
    }

    private static double number(String text, String name) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number or adaptive[:quantile[:start]], was '" + text + "'");
        }
    }
}
