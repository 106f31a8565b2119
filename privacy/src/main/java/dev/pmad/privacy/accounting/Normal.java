package dev.pmad.privacy.accounting;

/**
 * The standard normal distribution function Phi, its logarithm and its inverse, from {@link
 * Erfc}: Phi(x) = erfc(-x / sqrt 2) / 2, with the relative precision of {@code erfc} in both
 * tails (as scipy's {@code norm.cdf} and {@code norm.logcdf}, which dp_accounting's PLD uses).
 */
final class Normal {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double LOG_HALF = Math.log(0.5);

    private Normal() {}

    static double cdf(double x) {
        return 0.5 * Erfc.erfc(-x / SQRT2);
    }

    static double logCdf(double x) {
        return LOG_HALF + Erfc.logErfc(-x / SQRT2);
    }

    /**
     * The x with log Phi(x) = logP, for logP &lt; log(1/2) (the lower half, all the accountant
     * needs), by bisection on the monotone {@link #logCdf} until the bracket stops shrinking:
     * exact to a few ulps, and cheap since it runs once per mechanism.
     */
    static double quantileOfLog(double logP) {
        if (!(logP < LOG_HALF)) {
            throw new IllegalArgumentException("logP must be below log(1/2), was " + logP);
        }
        double lo = -1;
        while (logCdf(lo) > logP) lo *= 2;
        double hi = 0;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) break;
            if (logCdf(mid) > logP) hi = mid;
            else lo = mid;
        }
        return hi;
    }
}
