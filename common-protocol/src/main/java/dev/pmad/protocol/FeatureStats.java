package dev.pmad.protocol;

/**
 * Per numeric feature: how many values were present, their sum and their sum of squares, over one
 * agent's training split. The coordinator adds these up to standardise with global statistics
 * without any agent revealing a value.
 */
public record FeatureStats(Weights count, Weights sum, Weights sumOfSquares) {
    public FeatureStats {
        Checks.present(count, "stats.count");
        Checks.present(sum, "stats.sum");
        Checks.present(sumOfSquares, "stats.sumOfSquares");
        if (sum.size() != count.size() || sumOfSquares.size() != count.size()) {
            throw new IllegalArgumentException("stats vectors differ in length: count " + count.size()
                    + ", sum " + sum.size() + ", sumOfSquares " + sumOfSquares.size());
        }
        for (int i = 0; i < count.size(); i++) {
            if (count.get(i) < 0) throw new IllegalArgumentException("stats.count[" + i + "] is negative");
        }
    }

    public int features() {
        return count.size();
    }
}
