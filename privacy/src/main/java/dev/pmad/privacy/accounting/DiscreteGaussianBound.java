package dev.pmad.privacy.accounting;

/**
 * Concentrated-DP bounds of the discrete Gaussian mechanism, the reason {@link
 * Mechanism#discreteGaussian} is charged the Gaussian's Renyi-DP curve.
 *
 * <ul>
 *   <li><b>One discrete Gaussian per coordinate</b> (every release PMAD makes with it: an agent's or
 *       the coordinator's own noise). Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for
 *       Differential Privacy" (arXiv:2004.00010), Theorem 14 (multivariate discrete Gaussian):
 *       for integer vectors x, x' with sum_j (x_j - x'_j)^2 / sigma_j^2 &lt;= eps^2,
 *       D_alpha(N_Z(x, sigma^2) || N_Z(x', sigma^2)) &lt;= alpha eps^2 / 2 for every alpha &gt;= 1.
 *       So with L2 sensitivity Delta (in the lattice's units, any real number) and noise sigma,
 *       rho = Delta^2 / (2 sigma^2): exactly the continuous Gaussian's curve alpha / (2 z^2)
 *       with z = sigma / Delta, at every order and for every dimension. {@link #rho} with n = 1.</li>
 *   <li><b>The sum of n independent discrete Gaussians</b> (distributed noise under secure
 *       aggregation, where each of n parties adds N_Z(0, sigma^2)^d): the sum is not a discrete
 *       Gaussian. Kairouz, Liu and Steinke 2021, "The Distributed Discrete Gaussian Mechanism for
 *       Federated Learning with Secure Aggregation" (ICML 2021, arXiv:2102.06387), Proposition 14,
 *       for sigma &gt;= 1/2: with tau = 10 sum_{k=1}^{n-1} exp(-2 pi^2 sigma^2 k / (k+1)), the sum
 *       is rho-zCDP with rho = min(Delta_2^2 / (2 n sigma^2) + tau d,
 *       (Delta_2 / (sqrt(n) sigma) + tau sqrt(d))^2 / 2) (a third form, with Delta_1, is not used
 *       here). In the first form the d tau term is charged in full: the statement is read in its
 *       weakest published form, so it holds under each (an order-free term tau d is at most
 *       alpha tau d for alpha &gt;= 1).</li>
 * </ul>
 *
 * <p>What is not claimed: a privacy loss distribution. The 1-D discrete Gaussian's (epsilon,
 * delta) curve is known exactly (CKS 2020 Theorem 7) but nothing here shows that the multivariate
 * one's is dominated by the continuous Gaussian's (the discrete Gaussian is not rotation
 * invariant), so the PLD accountant gives no bound for these releases and the tightest
 * accountant answers with RDP for any composition that contains one.
 */
public final class DiscreteGaussianBound {
    private DiscreteGaussianBound() {}

    /**
     * tau = 10 sum_{k=1}^{n-1} exp(-2 pi^2 sigma^2 k / (k+1)) of KLS 2021 Proposition 14; 0 for n = 1.
     *
     * @param sigma the stddev parameter of each party's discrete Gaussian, in lattice units
     * @param n the number of independent discrete Gaussians summed
     */
    public static double tau(double sigma, long n) {
        requireSigmaAndN(sigma, n);
        double sum = 0;
        double c = 2 * Math.PI * Math.PI * sigma * sigma;
        // Terms fall with k towards exp(-c): sum the small ones first; stop adding once they vanish.
        for (long k = n - 1; k >= 1; k--) sum += Math.exp(-c * k / (k + 1.0));
        return 10 * sum;
    }

    /**
     * rho of the zCDP guarantee (Renyi divergence at most alpha rho at every order alpha &gt;= 1) of
     * the sum of n independent N_Z(0, sigma^2)^d added to an integer vector of L2 sensitivity
     * {@code l2Sensitivity}: min(Delta^2 / (2 n sigma^2) + tau d, (Delta / (sqrt(n) sigma) + tau
     * sqrt(d))^2 / 2) (n = 1: CKS 2020 Theorem 14, tau = 0, both are Delta^2 / (2 sigma^2);
     * n &gt; 1: KLS 2021 Proposition 14, needs sigma &gt;= 1/2).
     */
    public static double rho(double l2Sensitivity, double sigma, long dimension, long n) {
        requireSigmaAndN(sigma, n);
        if (!(l2Sensitivity >= 0) || Double.isInfinite(l2Sensitivity)) {
            throw new IllegalArgumentException("L2 sensitivity must be finite and >= 0, was " + l2Sensitivity);
        }
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        if (n > 1 && sigma < 0.5) {
            throw new IllegalArgumentException("the bound for a sum of discrete Gaussians (KLS 2021 Prop. 14) needs"
                    + " sigma >= 1/2 in lattice units, was " + sigma + ": use a finer granularity");
        }
        double tau = tau(sigma, n);
        double first = l2Sensitivity * l2Sensitivity / (2.0 * n * sigma * sigma) + tau * dimension;
        double root = l2Sensitivity / (Math.sqrt(n) * sigma) + tau * Math.sqrt(dimension);
        return n == 1 ? first : Math.min(first, root * root / 2);
    }

    private static void requireSigmaAndN(double sigma, long n) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be finite and > 0, was " + sigma);
        if (n < 1) throw new IllegalArgumentException("n (discrete Gaussians summed) must be >= 1, was " + n);
    }
}
