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
 * <p><b>Choosing k+ and k-.</b> Theorem 3.1 holds for guesses fixed before the coin flips are
 * looked at; trying several and keeping the best is a multiple test. So a small grid of (k+, k-),
 * fixed in advance as fractions of m, is tried and each is tested at significance (1 -
 * confidence) / grid size (Bonferroni): the chance that any of them rejects a true claim is at
 * most 1 - confidence. The paper's experiments report the best k+ without this correction.
 */
public final class OneRunAudit {
    /** One-sided: fractions of m guessed IN, with k- = 0 (IN canaries that left no trace are many, so guesses are few). */
    static final double[] ONE_SIDED = {0.02, 0.05, 0.1, 0.2, 0.5};
    /** Two-sided: fractions of m guessed IN and as many guessed OUT (few canaries, most of them informative). */
    static final double[] TWO_SIDED = {0.1, 0.25, 0.5};

    private OneRunAudit() {}

    /**
     * @param scores    one score per canary, higher meaning "more likely IN"
     * @param included  the coin flips: whether each canary was in the training data
     * @param twoSided  guess OUT on the lowest scores as often as IN on the highest; false when a low score carries no
     *                  evidence (e.g. an IN canary that Poisson sampling skipped looks OUT)
     */
    public static AuditResult audit(double[] scores, boolean[] included, double delta, double confidence, boolean twoSided) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(included, "included");
        int m = scores.length;
        if (included.length != m) throw new IllegalArgumentException(m + " scores but " + included.length + " coin flips");
        if (m == 0) throw new IllegalArgumentException("an audit needs at least one canary");
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        for (double s : scores) if (!Double.isFinite(s)) throw new IllegalArgumentException("scores must be finite, got " + s);

        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

        List<int[]> grid = new ArrayList<>();
        for (double f : twoSided ? TWO_SIDED : ONE_SIDED) {
            int k = Math.max(1, (int) Math.floor(f * m));
            boolean repeated = grid.stream().anyMatch(g -> g[0] == k);
            if (!repeated) grid.add(new int[] {k, twoSided ? k : 0});
        }
        double significance = (1 - confidence) / grid.size();
        List<Guess> guesses = new ArrayList<>();
        Guess best = null;
        for (int[] g : grid) {
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
