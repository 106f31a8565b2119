package dev.pmad.privacy.accounting;

/**
 * RDP of the exact discrete Gaussian on a Poisson subsample under replace-one neighbours: the
 * coordinator's noise on the sum of the clipped updates of the agents it drew in central mode
 * with client sampling ({@link Mechanism#sampledDiscreteGaussian}). The continuous curves of
 * {@link SampledGaussianRdp} (Mironov, Talwar, Zhang 2019) are computed from the Gaussian
 * density and do not carry over to the discrete Gaussian.
 *
 * <p><b>Theorem 9.</b> Wang, Balle and Kasiviswanathan 2019, "Subsampled Renyi Differential
 * Privacy and Analytical Moments Accountant" (AISTATS 2019, arXiv:1808.00087), Theorem 9: for
 * integer alpha &gt;= 2 and a base mechanism with RDP curve eps(.),
 * <pre>
 *   eps'(alpha) &lt;= 1/(alpha-1) log(1 + q^2 C(alpha,2) min{4 (e^eps(2) - 1), e^eps(2) min{2, (e^eps(inf) - 1)^2}}
 *                                  + sum_{j=3..alpha} q^j C(alpha,j) e^((j-1) eps(j)) min{2, (e^eps(inf) - 1)^j}).
 * </pre>
 * The discrete Gaussian has eps(inf) = inf, so the minima are 4 (e^eps(2) - 1) against
 * 2 e^eps(2), and 2. Base curve: eps(j) = j / (2 z^2), CKS 2020 Theorem 14 for integer vectors
 * whose L2 distance is at most the sensitivity 2C (in lattice units) the noise is scaled to
 * ({@link DiscreteGaussianBound}); autodp's {@code compose_subsampled_mechanism} at {@code
 * improved_bound_flag=False} computes the same. {@link #theorem9}.
 *
 * <p><b>Why it holds for Poisson sampling under replace-one.</b> Theorem 9 is stated for
 * sampling without replacement, where neighbours replace one record. Its proof uses only the
 * RDP of the base mechanism between pairs of conditional outputs. Written out for our case
 * (datasets S + u and S + v that replace agent u's update by v; T a Poisson subsample of the
 * others S; p_T = M(T + u), q_T = M(T + v), r_T = M(T); P, Q the two releases):
 * <ol>
 *   <li>P = (1-q) R + q P~, Q = (1-q) R + q Q~ with R = E_T r_T, P~ = E_T p_T, Q~ = E_T q_T (the
 *       same T in all three: the agent is drawn with probability q, independently of the others).</li>
 *   <li>For integer alpha, E_Q[(P/Q)^alpha] = sum_j C(alpha,j) E_Q[((P-Q)/Q)^j], the j = 1 term is 0,
 *       and for j &gt;= 2 each term is at most q^j int |P~ - Q~|^j / Q^(j-1) (binomial expansion;
 *       P - Q = q (P~ - Q~)).</li>
 *   <li>(a, b, c) -&gt; |a - b|^j / c^(j-1) is jointly convex (the perspective of |x|^j), and Q =
 *       E_T[(1-q) r_T + q q_T], so int |P~ - Q~|^j / Q^(j-1) &lt;= E_T int |p_T - q_T|^j / ((1-q) r_T
 *       + q q_T)^(j-1) &lt;= E_T[(1-q) A_j + q B_j] with A_j = int |p_T - q_T|^j / r_T^(j-1) and B_j =
 *       int |p_T - q_T|^j / q_T^(j-1) (t^(1-j) is convex).</li>
 *   <li>|p - q|^j &lt;= p^j + q^j gives A_j &lt;= e^((j-1) D_j(p||r)) + e^((j-1) D_j(q||r)) and B_j &lt;=
 *       e^((j-1) D_j(p||q)) + 1: at most 2 e^((j-1) eps(j)). For j = 2 also (p - q)^2 &lt;= 2 (p - r)^2
 *       + 2 (q - r)^2 gives chi-square terms, at most 4 (e^eps(2) - 1).</li>
 * </ol>
 * The pairs used are M(T + u) against M(T + v) (replace-one: the lattice sums differ by at most
 * 2C / gamma) and M(T + u), M(T + v) against M(T) (add/remove: at most C / gamma &lt;= 2C / gamma),
 * all within the curve j / (2 z^2) at sensitivity 2C.
 *
 * <p><b>The pairwise terms computed exactly</b> ({@link #pairwise}). Theorem 9's step 4 is
 * crude for the Gaussian: it bounds A_j by 2 e^((j-1) eps(j)), about 2 whatever the noise, where
 * the truth is of order z^-j. For the discrete Gaussian on the integer lattice the terms can be
 * computed: (4') with phi(y) = e^(-|y|^2 / (2 sigma^2)), for integer vectors m_i and integers w_i
 * summing to 1, prod_i phi(y - m_i)^(w_i) = phi(y - sum w_i m_i) e^((|sum w_i m_i|^2 - sum w_i
 * |m_i|^2) / (2 sigma^2)), and sum_y phi(y - m) over Z^d is the same for every integer m, so every
 * such integer moment of the discrete Gaussian equals the continuous Gaussian's. In particular,
 * with L_u = N_Z(u) / N_Z(0) and s = |u|^2 / sigma^2, E[L_u^k] = e^(k(k-1) s / 2) for k = 0, 1, ...,
 * and for even n, E[(L_u - 1)^n] = G_n(s) = sum_k C(n,k) (-1)^(n-k) e^(k(k-1) s / 2), the
 * continuous Gaussian's moment, which grows with s (the likelihood ratios at growing s are a
 * martingale, so convex moments grow). Hence, with s1 = 1 / (4 z^2) (add/remove: |u| &lt;= C,
 * sigma = z 2C) and s2 = 1 / z^2 (replace-one: |u - v| &lt;= 2C):
 * <ul>
 *   <li>A_j &lt;= 2^(j-1) (E_r|L_u - 1|^j + E_r|L_v - 1|^j) &lt;= 2^j H_j(s1), and A_j &lt;= E_r[L_u^j + L_v^j]
 *       &lt;= 2 e^(j(j-1) s1 / 2);</li>
 *   <li>B_j = E_q|L_(u-v) - 1|^j &lt;= H_j(s2), and B_j &lt;= e^(j(j-1) s2 / 2) + 1;</li>
 * </ul>
 * where H_j = G_j for even j and sqrt(G_(j-1) G_(j+1)) for odd j (Cauchy-Schwarz). After step
 * 3 the shift by the others' sum is gone: the three distributions are discrete Gaussians centred
 * at the lattice points s_T + u, s_T + v and s_T, and sums over the lattice do not see a shift
 * by a lattice point. G_n is summed in BigDecimal with an error bound (the alternating sum
 * cancels many digits at small s); the exact terms are used up to j = {@link #EXACT_MOMENTS},
 * the closed-form ones above it.
 *
 * <p>With adaptive clipping the round also releases the count of unclipped updates with its own
 * discrete Gaussian (on the half-integers); the pair (sum, count) is one multivariate discrete
 * Gaussian, and with s the sum of squared distances over squared noises, block by block, the
 * identities above hold unchanged; s is at most (1/4)(z_delta^-2 + z_b^-2) = s1 under add/remove
 * and z_delta^-2 + z_b^-2 = s2 under replace-one, so the same bound holds.
 *
 * <p>The subsampled release is never charged more than the base release: by joint
 * quasi-convexity of Renyi divergence (van Erven and Harremoes 2014, Theorem 13), pairing the
 * mixtures' components (r_T with r_T, p_T with q_T) gives D_alpha(P||Q) &lt;= alpha / (2 z^2).
 * The bound charged is the smallest of the three: the base curve, Theorem 9, and its expansion
 * with the exact pairwise terms. All three are valid for the continuous Gaussian as well, which
 * {@code CentralSamplingBoundTest} uses: the bound must lie above the continuous replace-one
 * pair's Renyi divergence, computed there by quadrature.
 *
 * <p>Fractional orders: RDP is non-decreasing in the order (van Erven and Harremoes 2014,
 * Theorem 3), so a fractional alpha is charged the bound at ceil(alpha) (the base curve at
 * alpha itself). Everything is summed in log space, so large orders and small z do not overflow.
 */
final class SampledDiscreteGaussianRdp {
    private static final double LOG2 = Math.log(2);
    private static final double LOG4 = Math.log(4);
    private static final double LOG10 = Math.log(10);
    /** Pairwise moments are computed exactly up to this order; above it only the closed-form bounds. */
    static final int EXACT_MOMENTS = 64;
    /**
     * Added to the log of every exactly computed moment: covers the conversion of the BigDecimal
     * upper bound to a double and its log (relative errors near 1e-16).
     */
    private static final double MOMENT_MARGIN = 1e-9;

    private SampledDiscreteGaussianRdp() {}

    private record Question(double q, double z, java.util.List<Double> orders) {}

    /**
     * Curves already computed (a pure function of the arguments): every agent's ledger recomposes
     * its runs' mechanisms before each round, and the exact moments take tens of milliseconds.
     */
    private static final java.util.Map<Question, double[]> MEMO = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Question, double[]> eldest) {
                    return size() > 64;
                }
            });

    /** RDP at each order (a new array); arguments already validated. May contain +infinity (z = 0). */
    static double[] curve(double q, double z, double[] orders) {
        var question = new Question(q, z, java.util.Arrays.stream(orders).boxed().toList());
        double[] known = MEMO.get(question);
        if (known == null) {
            known = compute(q, z, orders);
            MEMO.put(question, known);
        }
        return known.clone();
    }

    private static double[] compute(double q, double z, double[] orders) {
        double[] rdp = new double[orders.length];
        if (q == 0 || q == 1 || z == 0) {
            for (int k = 0; k < orders.length; k++) rdp[k] = atOrder(q, z, orders[k], null);
            return rdp;
        }
        int largest = 2;
        for (double alpha : orders) if (alpha != Double.POSITIVE_INFINITY) largest = Math.max(largest, (int) Math.min(Math.ceil(alpha), EXACT_MOMENTS));
        var moments = new Moments(z, largest);
        for (int k = 0; k < orders.length; k++) rdp[k] = atOrder(q, z, orders[k], moments);
        return rdp;
    }

    /** The bound at one order alpha &gt; 1 (fractional: at ceil(alpha)). */
    static double atOrder(double q, double z, double alpha) {
        return atOrder(q, z, alpha, null);
    }

    private static double atOrder(double q, double z, double alpha, Moments moments) {
        if (q == 0) return 0;
        if (z == 0 || alpha == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
        double base = alpha / (2 * z * z);
        if (q == 1) return base;
        double ceil = Math.ceil(alpha);
        if (ceil > Integer.MAX_VALUE) return base;
        int a = (int) ceil;
        if (moments == null) moments = new Moments(z, Math.min(a, EXACT_MOMENTS));
        return Math.min(base, Math.min(theorem9(q, z, a), pairwise(q, z, a, moments)) / (a - 1));
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

    /**
     * log of 1 + sum_{j=2..alpha} q^j C(alpha, j) ((1-q) A_j + q B_j), steps 2 and 3 of the class
     * note with the pairwise terms bounded from the exact moments (4'):
     * A_j = min(2^j H_j(s1), 2 e^(j(j-1) s1 / 2)), B_j = min(H_j(s2), e^(j(j-1) s2 / 2) + 1),
     * s1 = 1 / (4 z^2), s2 = 1 / z^2.
     */
    static double pairwise(double q, double z, int alpha, Moments moments) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double s1 = moments.s1;
        double s2 = moments.s2;
        double logCoef = 0; // log C(alpha, j), from j = 0
        double total = 0; // log 1
        for (int j = 1; j <= alpha; j++) {
            logCoef += Math.log(alpha - j + 1.0) - Math.log(j);
            if (j == 1) continue; // the first-order term is 0
            double jj = (double) j * (j - 1) / 2;
            double a = LOG2 + jj * s1;
            double b = LogSpace.logAdd(jj * s2, 0);
            if (j <= moments.exactUpTo) {
                a = Math.min(a, j * LOG2 + moments.logH(j, true));
                b = Math.min(b, moments.logH(j, false));
            }
            double inner = LogSpace.logAdd(log1mQ + a, logQ + b);
            total = LogSpace.logAdd(total, j * logQ + logCoef + inner);
        }
        return total;
    }

    /**
     * log G_n(s) for the two distances of the class note, n up to {@code exactUpTo} + 1, where
     * G_n(s) = sum_k C(n, k) (-1)^(n-k) e^(k(k-1) s / 2) = E[(L - 1)^n] for the Gaussian likelihood
     * ratio at squared distance s (over the noise's variance) and, by step 4', for the discrete
     * one. The alternating sum cancels badly for small s, so it is summed in BigDecimal with about
     * the digits it cancels (the terms over the result, about 2^n s^(-n/2)) plus 40 spare, and an
     * upper bound on the rounding error is added to it.
     */
    static final class Moments {
        final double s1;
        final double s2;
        final int exactUpTo;
        private final double[] logG1;
        private final double[] logG2;

        Moments(double z, int exactUpTo) {
            // Rounded up: a larger distance only raises every bound (G_n grows with s).
            this.s1 = Math.nextUp(1 / Math.nextDown(4 * z * z));
            this.s2 = Math.nextUp(1 / Math.nextDown(z * z));
            this.exactUpTo = Math.max(2, exactUpTo);
            this.logG1 = logMoments(s1, this.exactUpTo + 1);
            this.logG2 = logMoments(s2, this.exactUpTo + 1);
        }

        /** log of a bound on E|L - 1|^j: G_j for even j, sqrt(G_(j-1) G_(j+1)) for odd j (Cauchy-Schwarz). */
        double logH(int j, boolean first) {
            double[] g = first ? logG1 : logG2;
            return j % 2 == 0 ? g[j] : 0.5 * (g[j - 1] + g[j + 1]);
        }

        /** log G_n(s) + margin for n = 0..top (+infinity where the sum is not positive, so that bound is skipped). */
        static double[] logMoments(double s, int top) {
            int digits = 40 + (int) Math.ceil(top * (Math.log10(2) + 0.5 * Math.max(0, -Math.log10(s))));
            var mc = new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN);
            java.math.BigDecimal w = exp(new java.math.BigDecimal(s), mc); // e^s
            // E_k = e^(k(k-1) s / 2) = E_(k-1) w^(k-1)
            java.math.BigDecimal[] e = new java.math.BigDecimal[top + 1];
            e[0] = java.math.BigDecimal.ONE;
            java.math.BigDecimal power = java.math.BigDecimal.ONE; // w^(k-1)
            for (int k = 1; k <= top; k++) {
                e[k] = e[k - 1].multiply(power, mc);
                power = power.multiply(w, mc);
            }
            double[] out = new double[top + 1];
            java.math.BigInteger binomial;
            for (int n = 0; n <= top; n++) {
                java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
                java.math.BigDecimal magnitude = java.math.BigDecimal.ZERO; // sum of |term|
                binomial = java.math.BigInteger.ONE; // C(n, 0)
                for (int k = 0; k <= n; k++) {
                    java.math.BigDecimal term = e[k].multiply(new java.math.BigDecimal(binomial), mc);
                    sum = (n - k) % 2 == 0 ? sum.add(term, mc) : sum.subtract(term, mc);
                    magnitude = magnitude.add(term, mc);
                    binomial = binomial.multiply(java.math.BigInteger.valueOf(n - k))
                            .divide(java.math.BigInteger.valueOf(k + 1));
                }
                // Each term carries at most 2k + 4 roundings of relative size 10^(1-digits) (e^s, the
                // products making E_k, the binomial), the sum n + 1 more: the error is below
                // (3n + 10) 10^(1-digits) sum|term|. Use sum + error, an upper bound, and skip the
                // exact bound (+infinity) unless sum - error is positive.
                java.math.BigDecimal error = magnitude.multiply(java.math.BigDecimal.valueOf(3L * n + 10), mc)
                        .movePointLeft(digits - 1);
                out[n] = sum.subtract(error).signum() > 0 ? log(sum.add(error, mc)) + MOMENT_MARGIN
                        : Double.POSITIVE_INFINITY;
            }
            return out;
        }

        /** e^x for 0 &lt;= x, by halving until x &lt; 1/2, the Taylor series, and squaring back. */
        private static java.math.BigDecimal exp(java.math.BigDecimal x, java.math.MathContext mc) {
            var wide = new java.math.MathContext(mc.getPrecision() + 20, mc.getRoundingMode());
            int halvings = 0;
            java.math.BigDecimal y = x;
            while (y.compareTo(java.math.BigDecimal.valueOf(0.5)) > 0) {
                y = y.divide(java.math.BigDecimal.valueOf(2), wide);
                halvings++;
            }
            java.math.BigDecimal sum = java.math.BigDecimal.ONE;
            java.math.BigDecimal term = java.math.BigDecimal.ONE;
            java.math.BigDecimal epsilon = java.math.BigDecimal.ONE.movePointLeft(wide.getPrecision() + 5);
            for (int i = 1; term.abs().compareTo(epsilon) > 0; i++) {
                term = term.multiply(y, wide).divide(java.math.BigDecimal.valueOf(i), wide);
                sum = sum.add(term, wide);
            }
            for (int i = 0; i < halvings; i++) sum = sum.multiply(sum, wide);
            return sum.round(mc);
        }

        /** Natural log of a positive BigDecimal of any size (as mantissa x 10^exponent). */
        private static double log(java.math.BigDecimal x) {
            int exponent = x.precision() - x.scale() - 1;
            double mantissa = x.movePointLeft(exponent).doubleValue();
            return Math.log(mantissa) + exponent * LOG10;
        }
    }
}
