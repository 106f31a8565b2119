package dev.pmad.privacy.accounting;

/**
 * RDP to (epsilon, delta), as dp_accounting's {@code compute_epsilon}: at each order alpha with
 * RDP r,
 * <pre>  eps(alpha) = r + log1p(-1/alpha) - log(delta alpha) / (alpha - 1)</pre>
 * (Balle et al. 2020, Thm. 21; Canonne, Kamath, Steinke 2020, Prop. 12), which is tighter than
 * Mironov's r + log(1/delta)/(alpha - 1), then the minimum over orders, floored at 0.
 * Special cases, kept exactly as dp_accounting has them:
 * <ul>
 *   <li>r &lt; 0 (only from rounding in extreme cases) counts as epsilon 0, as r = 0 would;
 *   <li>if delta^2 + expm1(-r) &gt; 0, the KL bound delta &lt;= sqrt(1 - e^-r) already gives
 *       epsilon 0;
 *   <li>orders &lt;= 1.01 are skipped (infinite), since the formula is unstable there;
 *   <li>an infinite r gives an infinite epsilon at that order; if all are infinite, the result
 *       is infinite at the first order.
 * </ul>
 */
final class RdpConversion {
    private RdpConversion() {}

    static EpsilonResult epsilon(double[] orders, double[] rdp, double delta) {
        int best = 0;
        double bestEps = Double.POSITIVE_INFINITY;
        for (int k = 0; k < orders.length; k++) {
            double eps = atOrder(orders[k], rdp[k], delta);
            if (eps < bestEps) { // strict: ties keep the first order, as numpy's argmin does
                bestEps = eps;
                best = k;
            }
        }
        return new EpsilonResult(Math.max(0, bestEps), orders[best]);
    }

    private static double atOrder(double alpha, double r, double delta) {
        if (r < 0) {
            return 0;
        }
        if (delta * delta + Math.expm1(-r) > 0) {
            return 0;
        }
        if (alpha > 1.01) {
            return r + Math.log1p(-1 / alpha) - Math.log(delta * alpha) / (alpha - 1);
        }
        return Double.POSITIVE_INFINITY;
    }
}
