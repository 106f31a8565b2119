package dev.pmad.privacy.accounting;

/**
 * RDP of one Laplace release with scale b relative to L1 sensitivity 1 (Mironov 2017, Prop. 6):
 * for alpha &gt; 1, with eps = 1/b,
 * <pre>
 *   RDP(alpha) = 1/(alpha-1) log( alpha/(2alpha-1) e^((alpha-1) eps) + (alpha-1)/(2alpha-1) e^(-alpha eps) )
 *              = eps + log1p( (alpha-1)/(2alpha-1) expm1((1-2alpha) eps) ) / (alpha-1).
 * </pre>
 * The second form (as in dp_accounting's {@code _laplace_rdp}) has no exponential that can
 * overflow: the first term is factored out, and the remaining {@code expm1} lies in (-1, 0].
 * Near alpha = 1 the division by alpha - 1 loses digits, so below 1.1 the log1p is expanded
 * as a power series, as dp_accounting does. The curve is exact for the Laplace mechanism and
 * tends to the pure-DP eps as alpha grows.
 */
final class LaplaceRdp {
    private LaplaceRdp() {}

    static double[] curve(double b, double[] orders) {
        double[] rdp = new double[orders.length];
        for (int k = 0; k < orders.length; k++) {
            rdp[k] = atOrder(1 / b, orders[k]);
        }
        return rdp;
    }

    static double atOrder(double eps, double alpha) {
        if (alpha == Double.POSITIVE_INFINITY) {
            return eps;
        }
        if (alpha < 1.1) {
            // log1p(c x)/x = c sum_k (-c x)^(k-1) / k with x = alpha - 1 and 0 <= -c x <= 0.1.
            double c = Math.expm1(eps * (1 - 2 * alpha)) / (2 * alpha - 1);
            double v = -c * (alpha - 1);
            double sum = 0;
            double power = 1;
            for (int k = 1; k < 100 && power != 0; k++) {
                sum += power / k;
                power *= v;
            }
            return eps + c * sum;
        }
        return eps + Math.log1p((alpha - 1) * Math.expm1(eps * (1 - 2 * alpha)) / (2 * alpha - 1)) / (alpha - 1);
    }
}
