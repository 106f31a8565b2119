package dev.pmad.privacy.accounting;

/**
 * RDP of the Poisson-subsampled Gaussian mechanism under add/remove-one adjacency: each record
 * joins the batch with probability q, the batch sum (sensitivity 1) gets N(0, sigma^2) noise.
 *
 * <p>A port of dp_accounting's {@code _compute_rdp_poisson_subsampled_gaussian}, {@code
 * _compute_log_a_int} and {@code _compute_log_a_frac} (rdp/rdp_privacy_accountant.py), which
 * implement Mironov, Talwar and Zhang 2019 (arXiv:1908.10530): RDP(alpha) = log(A_alpha) /
 * (alpha - 1), with A_alpha a finite binomial sum for integer alpha (Sec. 3.2) and, for
 * fractional alpha, two binomial series split at the point z0 where the two Gaussians' density
 * ratio crosses 1 (Sec. 3.3). Everything is summed in log space.
 *
 * <p>Like current dp_accounting, the fractional series adds the absolute values of the
 * generalised binomial coefficients. That upper-bounds A_alpha, so the RDP can only be
 * overstated (conservative). Older versions (TF Privacy, Opacus) add the signed terms with
 * log-space subtraction instead, which is tighter at some orders; we follow current
 * dp_accounting so our numbers agree with it, including its giving up (infinite RDP, the order
 * is then ignored) at low orders where the series does not settle. log|C(alpha, i)| is
 * built by the recurrence |C(alpha, i+1)| = |C(alpha, i)| |alpha - i| / (i + 1) rather than
 * with a log-gamma function; the accumulated error is about 1e-12 at i = 1000.
 */
final class SampledGaussianRdp {
    /** dp_accounting's {@code _MAX_STEPS_LOG_A_FRAC}: give up (infinite RDP) after this many terms. */
    static final int MAX_FRACTIONAL_TERMS = 1000;
    private static final double LOG_HALF = Math.log(0.5);
    private static final double SQRT2 = Math.sqrt(2);
    private static final System.Logger LOG = System.getLogger(SampledGaussianRdp.class.getName());

    private SampledGaussianRdp() {}

    /** RDP at each order; arguments already validated. May contain +infinity. */
    static double[] curve(double q, double sigma, double[] orders) {
        double[] rdp = new double[orders.length];
        for (int k = 0; k < orders.length; k++) {
            rdp[k] = atOrder(q, sigma, orders[k]);
        }
        return rdp;
    }

    static double atOrder(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (sigma == 0 || alpha == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma); // plain Gaussian, Mironov 2017 Prop. 7
        }
        double logA = isInteger(alpha) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    static boolean isInteger(double alpha) {
        return alpha == Math.rint(alpha) && alpha <= Integer.MAX_VALUE;
    }

    /** log(A_alpha) = log sum_i C(alpha, i) q^i (1-q)^(alpha-i) e^((i^2 - i) / (2 sigma^2)), 0 &lt; q &lt; 1. */
    static double logAInteger(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double logA = Double.NEGATIVE_INFINITY;
        double logCoef = 0; // log C(alpha, 0)
        for (int i = 0; i <= alpha; i++) {
            double di = i;
            double s = logCoef + di * logQ + (alpha - di) * log1mQ + (di * di - di) / twoSigma2;
            logA = LogSpace.logAdd(logA, s);
            logCoef += Math.log(alpha - di) - Math.log(di + 1);
        }
        return logA;
    }

    /** log(A_alpha) for fractional alpha, 0 &lt; q &lt; 1; +infinity if the series does not settle. */
    static double logAFractional(double q, double sigma, double alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double lastS0 = Double.NEGATIVE_INFINITY;
        double lastS1 = Double.NEGATIVE_INFINITY;
        double logCoef = 0; // log |C(alpha, 0)|
        for (int i = 0; i < MAX_FRACTIONAL_TERMS; i++) {
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mQ;
            double logT1 = logCoef + j * logQ + i * log1mQ;
            double logE0 = LOG_HALF + Erfc.logErfc((i - z0) / (SQRT2 * sigma));
            double logE1 = LOG_HALF + Erfc.logErfc((z0 - j) / (SQRT2 * sigma));
            double logS0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
            double logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
            logA0 = LogSpace.logAdd(logA0, logS0);
            logA1 = LogSpace.logAdd(logA1, logS1);
            double total = LogSpace.logAdd(logA0, logA1);
            // Stop once both tails shrink and the newest terms are below e^-30 of the total.
            if (logS0 < lastS0 && logS1 < lastS1 && Math.max(logS0, logS1) < total - 30) {
                return total;
            }
            lastS0 = logS0;
            lastS1 = logS1;
            logCoef += Math.log(Math.abs(alpha - i)) - Math.log(i + 1.0);
        }
        // DEBUG, not WARNING as in dp_accounting: it is routine at low orders with little noise,
        // and calibration would repeat it hundreds of times. Excluding the order is conservative.
        LOG.log(System.Logger.Level.DEBUG, "sampled-Gaussian RDP series did not converge after {0}"
                + " terms (q={1}, sigma={2}, order={3}); excluding this order", MAX_FRACTIONAL_TERMS, q, sigma, alpha);
        return Double.POSITIVE_INFINITY;
    }
}
