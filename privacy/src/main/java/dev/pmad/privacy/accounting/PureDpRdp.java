package dev.pmad.privacy.accounting;

/**
 * The Renyi-DP curve every epsilon-DP mechanism lies under, used for the discrete Laplace
 * mechanism ({@link Mechanism#discreteLaplace}), which is (Delta_1 / b)-DP and for which no
 * tighter curve is claimed here. Every pair of output distributions of an epsilon-DP mechanism
 * is a post-processing of randomized response's pair (Kairouz, Oh and Viswanath 2015, "The
 * Composition Theorem for Differential Privacy", Theorem 2.2, at delta = 0): Bernoulli(p) against
 * Bernoulli(1 - p), p = e^eps / (1 + e^eps). Renyi divergence cannot grow under post-processing,
 * so with that pair
 * <pre>
 *   RDP(alpha) = 1/(alpha-1) log( (e^(alpha eps) + e^((1-alpha) eps)) / (1 + e^eps) )
 *              = eps + (log1p(e^((1-2 alpha) eps)) - log1p(e^-eps)) / (alpha - 1),
 * </pre>
 * which is below both eps and alpha eps^2 / 2 (Bun and Steinke 2016, Prop. 3.3).
 */
final class PureDpRdp {
    private PureDpRdp() {}

    static double[] curve(double eps, double[] orders) {
        double[] rdp = new double[orders.length];
        for (int k = 0; k < orders.length; k++) rdp[k] = atOrder(eps, orders[k]);
        return rdp;
    }

    static double atOrder(double eps, double alpha) {
        if (alpha == Double.POSITIVE_INFINITY) return eps;
        double value = eps + (Math.log1p(Math.exp((1 - 2 * alpha) * eps)) - Math.log1p(Math.exp(-eps))) / (alpha - 1);
        // Rounding may leave the formula a hair outside [0, eps]; both ends are valid bounds.
        return Math.min(eps, Math.max(0, value));
    }
}
