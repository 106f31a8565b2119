package dev.pmad.privacy.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Turns canary scores into an epsilon lower bound (Steinke, Nasr, Jagielski 2023): sort the
 * canaries by score, guess the k+ highest IN and the k- lowest OUT, count right guesses and
 * apply {@link OneRunBound}.
 *
 * <p><b>Choosing k+ and k-.</b> Theorem 3.1 holds for guesses whose number is fixed before the
 * coin flips are looked at; trying several and keeping the best is a multiple test. So the caller
 * fixes a few (k+, k-) in advance, from the configuration alone (e.g. how many IN canaries can
 * have left a trace), and each is tested at significance (1 - confidence) / their number
 * (Bonferroni): the chance that any of them rejects a true claim is at most 1 - confidence. The
 * paper's experiments report the best k+ without this correction.
 */
public final class OneRunAudit {
    private OneRunAudit() {}

    /**
     * @param scores    one score per canary, higher meaning "more likely IN"
     * @param included  the coin flips: whether each canary was in the training data
     * @param sizes     the (k+, k-) pairs to try, fixed before looking at {@code included}
     */
    public static AuditResult audit(double[] scores, boolean[] included, List<int[]> sizes, double delta, double confidence) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(included, "included");
        int m = scores.length;
        if (included.length != m) throw new IllegalArgumentException(m + " scores but " + included.length + " coin flips");
        if (m == 0) throw new IllegalArgumentException("an audit needs at least one canary");
        if (sizes.isEmpty()) throw new IllegalArgumentException("an audit needs at least one guess size");
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        for (double s : scores) if (!Double.isFinite(s)) throw new IllegalArgumentException("scores must be finite, got " + s);
        for (int[] g : sizes) {
            if (g.length != 2 || g[0] < 0 || g[1] < 0 || g[0] + g[1] == 0 || g[0] + g[1] > m) {
                throw new IllegalArgumentException("a guess size is (k+, k-) with 0 < k+ + k- <= " + m + ", got " + Arrays.toString(g));
            }
        }

        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

        double significance = (1 - confidence) / sizes.size();
        List<Guess> guesses = new ArrayList<>();
        Guess best = null;
        for (int[] g : sizes) {
            int correct = 0;
            for (int i = 0; i < g[0]; i++) if (included[order[i]]) correct++;
            for (int i = 0; i < g[1]; i++) if (!included[order[m - 1 - i]]) correct++;
            double eps = OneRunBound.epsilonLowerBound(m, g[0] + g[1], correct, delta, significance);
            Guess guess = new Guess(g[0], g[1], correct, eps);
            guesses.add(guess);
            if (best == null || eps > best.empiricalEpsilon()) best = guess;
        }
        return new AuditResult(best.empiricalEpsilon(), confidence, delta, m, guesses, best);
    }
}
