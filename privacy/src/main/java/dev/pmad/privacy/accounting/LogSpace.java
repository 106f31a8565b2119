package dev.pmad.privacy.accounting;

/**
 * Arithmetic on numbers stored as their logarithms. The sampled-Gaussian sums add terms like
 * e^(1000), which overflow as doubles but not as logs.
 */
final class LogSpace {
    private LogSpace() {}

    /** log(e^a + e^b), exact for -infinity (zero) and +infinity operands. */
    static double logAdd(double a, double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        if (lo == Double.NEGATIVE_INFINITY || hi == Double.POSITIVE_INFINITY) {
            return hi;
        }
        // e^lo + e^hi = (1 + e^(lo - hi)) e^hi, and e^(lo - hi) <= 1 cannot overflow.
        return Math.log1p(Math.exp(lo - hi)) + hi;
    }
}
