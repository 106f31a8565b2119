package dev.pmad.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OneRunAuditTest {
    private static final java.util.List<int[]> SIZES = java.util.List.of(new int[] {100, 100}, new int[] {250, 250},
            new int[] {500, 0});
    @Test
    void perfectScores_reachTheBoundOfTheBestGuessAtBonferroniLevel() {
        int m = 1000;
        boolean[] in = new boolean[m];
        double[] scores = new double[m];
        var random = new SplittableRandom(1);
        for (int i = 0; i < m; i++) {
            in[i] = random.nextBoolean();
            scores[i] = in[i] ? 1 + random.nextDouble() : random.nextDouble();
        }
        AuditResult result = OneRunAudit.audit(scores, in, SIZES, 0, 0.95);
        // Scores separate IN from OUT, so the best guess is the largest one that is all right (k+ = k- = 250;
        // 500 IN would need exactly 500 IN), each tested at 0.05 / 3.
        assertEquals(3, result.guesses().size());
        assertEquals(500, result.best().guesses());
        assertEquals(500, result.best().correct());
        assertEquals(OneRunBound.epsilonLowerBound(m, 500, 500, 0, 0.05 / 3), result.empiricalEpsilon(), 1e-12);
    }

    @Test
    void scoresIndependentOfMembership_rarelyBoundAnything() {
        int m = 1000;
        var random = new SplittableRandom(7);
        int positive = 0;
        for (int trial = 0; trial < 40; trial++) {
            boolean[] in = new boolean[m];
            double[] scores = new double[m];
            for (int i = 0; i < m; i++) {
                in[i] = random.nextBoolean();
                scores[i] = random.nextGaussian();
            }
            if (OneRunAudit.audit(scores, in, SIZES, 1e-5, 0.95).empiricalEpsilon() > 0) positive++;
        }
        assertTrue(positive <= 6, positive + " of 40 null audits rejected epsilon = 0 (at most 5% expected)");
    }
}
