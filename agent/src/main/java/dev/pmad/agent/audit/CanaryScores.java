package dev.pmad.agent.audit;

import java.util.List;

/**
 * One score per canary (higher: more likely IN) and the coin flips that decided inclusion.
 *
 * @param kind        what the canaries were, e.g. {@code gradient}
 * @param observation what the adversary saw, in a phrase
 * @param guessSizes  the (k+, k-) to try, fixed from the configuration before any coin is looked at
 */
public record CanaryScores(double[] scores, boolean[] included, String kind, String observation, List<int[]> guessSizes) {
    public CanaryScores {
        guessSizes = List.copyOf(guessSizes);
        if (scores.length != included.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + included.length + " coin flips");
        }
        scores = scores.clone();
        included = included.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public boolean[] included() {
        return included.clone();
    }

    public int canaries() {
        return scores.length;
    }

    /** Fair coins from {@code seed}: the canaries' membership, which the trained model must not reveal. */
    static boolean[] coins(int m, long seed) {
        var random = new java.util.SplittableRandom(seed);
        boolean[] in = new boolean[m];
        for (int i = 0; i < m; i++) in[i] = random.nextBoolean();
        return in;
    }
}
