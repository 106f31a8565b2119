package dev.pmad.privacy;

import java.util.Locale;

/**
 * Which noise distribution a mechanism adds ({@code DP_NOISE}). The kind fixes the norm that
 * clipping must bound: Gaussian noise is calibrated to L2 sensitivity, Laplace noise to L1
 * sensitivity. Mixing them (Laplace noise on an L2-clipped update) is the error the seed made.
 */
public enum NoiseKind {
    /** Gaussian noise; clip with the L2 norm. Composes tightly under Renyi DP. */
    GAUSSIAN,
    /** Laplace noise; clip with the L1 norm. Gives pure epsilon-DP per release. */
    LAPLACE;

    /**
     * Reads a setting value case-insensitively: {@code gaussian} or {@code laplace}.
     *
     * @param settingName the name the user typed it under (e.g. {@code DP_NOISE})
     * @throws IllegalArgumentException naming the setting and the accepted values
     */
    public static NoiseKind parse(String text, String settingName) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (value) {
            case "gaussian":
                return GAUSSIAN;
            case "laplace":
                return LAPLACE;
            default:
                throw new IllegalArgumentException("unknown " + settingName + " '" + text
                        + "': use gaussian or laplace");
        }
    }

    /** The lower-case name used in settings, JSON and logs; {@link #parse} reads it back. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
