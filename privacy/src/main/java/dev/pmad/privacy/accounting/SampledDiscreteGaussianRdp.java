package dev.pmad.privacy.accounting;

/**
 * RDP of the exact discrete Gaussian on a Poisson subsample under replace-one neighbours: the
 * coordinator's noise on the sum of the clipped updates of the agents it drew in central mode
 * with client sampling ({@link Mechanism#sampledDiscreteGaussian}). The continuous curves of
 * {@link SampledGaussianRdp} (Mironov, Talwar, Zhang 2019) are computed from the Gaussian
 * density and do not carry over to the discrete Gaussian; this bound needs only the base
 * mechanism's RDP curve.
 *
 * <p><b>The bound.</b> Wang, Balle and Kasiviswanathan 2019, "Subsampled Renyi Differential
 * Privacy and Analytical Moments Accountant" (AISTATS 2019, arXiv:1808.00087), Theorem 9: for
 * integer alpha &gt;= 2 and a base mechanism with RDP curve eps(.),
 * <pre>
 *   eps'(alpha) &lt;= 1/(alpha-1) log(1 + q^2 C(alpha,2) min{4 (e^eps(2) - 1), e^eps(2) min{2, (e^eps(inf) - 1)^2}}
 *                                  + sum_{j=3..alpha} q^j C(alpha,j) e^((j-1) eps(j)) min{2, (e^eps(inf) - 1)^j}).
 * </pre>
 * The discrete Gaussian has eps(inf) = inf, so the minima are 4 (e^eps(2) - 1) against
 * 2 e^eps(2), and 2. Base curve: eps(j) = j / (2 z^2), CKS 2020 Theorem 14 for integer
 * vectors whose L2 distance is at most the sensitivity 2C (in lattice units) the noise is
 * scaled to ({@link DiscreteGaussianBound}); this is autodp's {@code
 * compose_subsampled_mechanism} at {@code improved_bound_flag=False}.
 *
 * <p><b>Why it holds for Poisson sampling under replace-one.</b> Theorem 9 is stated for
 * sampling without replacement, where neighbours replace one record. Its proof uses only the
 * RDP of the base mechanism between the pairs of conditional outputs; written out for our case
 * (a worst case over the datasets S + u, S + v that replace agent u's update by v; T a Poisson
 * subsample of the others S; p_T = M(T + u), q_T = M(T + v), r_T = M(T)):
 * <ol>
 *   <li>P = (1-q) R + q P~, Q = (1-q) R + q Q~ with R = E_T r_T, P~ = E_T p_T, Q~ = E_T q_T (the
 *       same T in all three: the agent is drawn with probability q, independently of the others).</li>
 *   <li>For integer alpha, E_Q[(P/Q)^alpha] = sum_j C(alpha,j) E_Q[((P-Q)/Q)^j], the j = 1 term is 0,
 *       and for j &gt;= 2 each term is at most q^j int |P~ - Q~|^j / Q^(j-1) (binomial expansion;
 *       P - Q = q (P~ - Q~)).</li>
 *   <li>(a, b, c) -&gt; |a - b|^j / c^(j-1) is jointly convex (the perspective of |x|^j), and Q =
 *       E_T[(1-q) r_T + q q_T], so int |P~ - Q~|^j / Q^(j-1) &lt;= E_T int |p_T - q_T|^j / ((1-q) r_T
 *       + q q_T)^(j-1) &lt;= E_T[(1-q) int |p_T - q_T|^j / r_T^(j-1) + q int |p_T - q_T|^j / q_T^(j-1)]
 *       (t^(1-j) is convex).</li>
 *   <li>|p - q|^j &lt;= p^j + q^j gives int |p - q|^j / r^(j-1) &lt;= e^((j-1) D_j(p||r)) + e^((j-1)
 *       D_j(q||r)) and int |p - q|^j / q^(j-1) &lt;= e^((j-1) D_j(p||q)) + 1: at most 2 e^((j-1) eps(j)).
 *       For j = 2 also (p - q)^2 &lt;= 2 (p - r)^2 + 2 (q - r)^2 gives chi-square terms, at most
 *       4 (e^eps(2) - 1).</li>
 * </ol>
 * The pairs used are M(T + u) against M(T + v) (replace-one: the lattice sums differ by at most
 * 2C / gamma) and M(T + u), M(T + v) against M(T) (add/remove: at most C / gamma &lt;= 2C / gamma),
 * all within the curve j / (2 z^2) at sensitivity 2C. With adaptive clipping the round also
 * releases the count of unclipped updates with its own discrete Gaussian; the pair (sum, count)
 * is one multivariate discrete Gaussian whose squared distances over squared noises add up to at
 * most 1 / z^2 in every pair (CKS 2020 Theorem 14 with one sigma per coordinate), so the same
 * curve and the same bound hold.
 *
 * <p>The subsampled release is never charged more than the base release: by joint
 * quasi-convexity of Renyi divergence (van Erven and Harremoes 2014, Theorem 13), pairing the
 * mixtures' components (r_T with r_T, p_T with q_T) gives D_alpha(P||Q) &lt;= alpha / (2 z^2).
 * So this bound is min(Theorem 9, alpha / (2 z^2)), as autodp takes it.
 *
 * <p>Fractional orders: RDP is non-decreasing in the order (van Erven and Harremoes 2014,
 * Theorem 3), so a fractional alpha is charged the bound at ceil(alpha). Everything is summed in
 * log space, so large orders and small z do not overflow.
 */
final class SampledDiscreteGaussianRdp {
    private static final double LOG2 = Math.log(2);
    private static final double LOG4 = Math.log(4);

    private SampledDiscreteGaussianRdp() {}

    /** RDP at each order; arguments already validated. May contain +infinity (z = 0). */
    static double[] curve(double q, double z, double[] orders) {
        double[] rdp = new double[orders.length];
        for (int k = 0; k < orders.length; k++) rdp[k] = atOrder(q, z, orders[k]);
        return rdp;
    }

    /** The bound at one order alpha &gt; 1 (fractional: at ceil(alpha)). */
    static double atOrder(double q, double z, double alpha) {
        if (q == 0) return 0;
        if (z == 0 || alpha == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
        double base = alpha / (2 * z * z);
        if (q == 1) return base;
        double ceil = Math.ceil(alpha);
        if (ceil > Integer.MAX_VALUE) return base;
        int a = (int) ceil;
        return Math.min(base, theorem9(q, z, a) / (a - 1));
    }

    /**
     * log of the sum inside Theorem 9 for integer {@code alpha} &gt;= 2, base curve eps(j) = j / (2 z^2)
     * and eps(inf) = inf.
     */
    static double theorem9(double q, double z, int alpha) {
        if (alpha < 2) throw new IllegalArgumentException("Theorem 9 needs an integer order >= 2, was " + alpha);
        double logQ = Math.log(q);
        double twoZ2 = 2 * z * z;
        double eps2 = 2 / twoZ2;
        // min{4 (e^eps(2) - 1), 2 e^eps(2)} in logs; expm1 keeps 4 (e^eps - 1) exact for small eps.
        double second = Math.min(LOG4 + Math.log(Math.expm1(eps2)), LOG2 + eps2);
        double logCoef = Math.log(alpha) + Math.log(alpha - 1.0) - LOG2; // log C(alpha, 2)
        double total = LogSpace.logAdd(0, 2 * logQ + logCoef + second);
        for (int j = 3; j <= alpha; j++) {
            logCoef += Math.log(alpha - j + 1.0) - Math.log(j); // C(alpha, j) = C(alpha, j-1) (alpha - j + 1) / j
            double epsJ = j / twoZ2;
            total = LogSpace.logAdd(total, j * logQ + logCoef + (j - 1) * epsJ + LOG2);
        }
        return total;
    }
}
