package dev.pmad.privacy.mechanism;

/** Argument checks shared by this package, so every message has the same shape. */
final class Checks {
    private Checks() {}

    static double requirePositiveFinite(double value, String name, String howToFix) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be finite and > 0, was " + value + ": " + howToFix);
        }
        return value;
    }
}
