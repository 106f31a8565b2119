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
 */
public record PrivacyParams(String mode, String noise, double clipNorm, double noiseMultiplier,
                            double epsilonBudget, double delta) {
    public static final PrivacyParams NONE = new PrivacyParams("none", "gaussian", 0, 0, 0, 0);

    public PrivacyParams {
        Checks.id(mode, "privacy.mode");
        Checks.id(noise, "privacy.noise");
        Checks.nonNegative(clipNorm, "privacy.clipNorm");
        Checks.nonNegative(noiseMultiplier, "privacy.noiseMultiplier");
        Checks.nonNegative(epsilonBudget, "privacy.epsilonBudget");
        Checks.nonNegative(delta, "privacy.delta");
    }

    public boolean enabled() {
        return !"none".equals(mode);
    }
}
