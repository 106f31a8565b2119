package dev.pmad.privacy.audit;

/**
 * The statistical test of one-run auditing (Steinke, Nasr, Jagielski 2023, arXiv:2305.08846):
 * m canaries are each included independently with probability 1/2; from the output an auditor
 * guesses r of them (IN or OUT, abstaining on the rest) and gets v right.
 *
 * <p><b>What is implemented.</b> Their main theorem (Theorem 3.1 of arXiv:2305.08846; the
 * statement is written out here so it can be checked without the numbering): if the mechanism is
 * (epsilon, delta)-DP with respect to each canary, then for every v
 * <pre>
 *   P[W &gt;= v] &lt;= f(v) + 2 m delta max_{i = 1..v} (f(v - i) - f(v)) / i,
 *   f(v) = P[Binomial(r, e^epsilon / (1 + e^epsilon)) &gt;= v],
 * </pre>
 * W the number of correct guesses; with delta = 0 this is the stochastic dominance of W by
 * Binomial(r, e^eps / (1 + e^eps)), the accuracy of epsilon-DP randomized response. The right
 * side is the p-value of observing v under the hypothesis "(epsilon, delta)-DP", computed as the
 * p-value routine published with the paper does ({@code p_value_DP_audit}): beta =
 * f(v), alpha = the max above, p = min(1, beta + alpha delta 2 m). The empirical epsilon is the
 * largest epsilon this p-value rejects at level {@code significance} (it grows with epsilon, so
 * a bisection finds it, as their {@code get_eps_audit} does).
 *
 * <p>Binomial probabilities are computed in log space from a table of log factorials, exact to
 * double rounding for the few thousand guesses an audit makes.
 */
public final class OneRunBound {
    private OneRunBound() {}

    /**
     * The p-value of {@code correct} right guesses out of {@code guesses} among {@code canaries}
     * under the hypothesis that the mechanism is (epsilon, delta)-DP (Theorem 3.1).
     */
    public static double pValue(int canaries, int guesses, int correct, double epsilon, double delta) {
        check(canaries, guesses, correct);
        if (!(epsilon >= 0) || Double.isNaN(epsilon)) throw new IllegalArgumentException("epsilon must be >= 0, was " + epsilon);
        if (!(delta >= 0 && delta <= 1)) throw new IllegalArgumentException("delta must be in [0, 1], was " + delta);
        double[] pmf = binomialPmf(guesses, logistic(epsilon));
        // tail[k] = P[Binomial >= k], summed from the top so small tails keep their precision.
        double[] tail = new double[guesses + 2];
        for (int k = guesses; k >= 0; k--) tail[k] = tail[k + 1] + pmf[k];
        double beta = tail[correct];
        if (delta == 0) return Math.min(1, beta);
        double alpha = 0;
        for (int i = 1; i <= correct; i++) {
            // f(v - i) - f(v) = P[v - i <= Binomial < v]
            alpha = Math.max(alpha, (tail[correct - i] - beta) / i);
        }
        return Math.min(1, beta + alpha * delta * 2 * canaries);
    }

    /**
     * The largest epsilon that {@code correct} right guesses out of {@code guesses} reject at
     * level {@code significance} (0.05 for 95% confidence): with probability at least 1 -
     * significance over the canaries' coin flips, the mechanism is not (epsilon', delta)-DP for
     * any epsilon' below it. 0 when even epsilon = 0 is not rejected.
     */
    public static double epsilonLowerBound(int canaries, int guesses, int correct, double delta, double significance) {
        check(canaries, guesses, correct);
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("significance must be in (0, 1), was " + significance);
        }
        if (pValue(canaries, guesses, correct, 0, delta) >= significance) return 0;
        double lo = 0; // rejected
        double hi = 1; // grown until not rejected
        while (pValue(canaries, guesses, correct, hi, delta) < significance) {
            lo = hi;
            hi *= 2;
            if (hi > 1e4) return lo; // all guesses right: the bound is only limited by r (see class note)
        }
        for (int it = 0; it < 60 && hi - lo > 1e-9; it++) {
            double mid = (lo + hi) / 2;
            if (pValue(canaries, guesses, correct, mid, delta) < significance) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /** e^x / (1 + e^x) without overflow. */
    static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** P[Binomial(n, p) = k] for k = 0..n. */
    static double[] binomialPmf(int n, double p) {
        double[] logFactorial = new double[n + 1];
        for (int i = 2; i <= n; i++) logFactorial[i] = logFactorial[i - 1] + Math.log(i);
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double[] pmf = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            double a = k == 0 ? 0 : k * logP;           // 0 * log(0) counts as 0
            double b = k == n ? 0 : (n - k) * logQ;
            pmf[k] = Math.exp(logFactorial[n] - logFactorial[k] - logFactorial[n - k] + a + b);
        }
        return pmf;
    }

    private static void check(int canaries, int guesses, int correct) {
        if (!(0 <= correct && correct <= guesses && guesses <= canaries)) {
            throw new IllegalArgumentException("need 0 <= correct <= guesses <= canaries, got correct " + correct
                    + ", guesses " + guesses + ", canaries " + canaries);
        }
    }
}
