package dev.pmad.privacy.adaptive;

/**
 * The settings of adaptive clipping (Andrew et al. 2021), validated, and how they split a
 * round's noise between the clipped sum and the bit count.
 *
 * @param initialClip        the clip norm of the first round, &gt; 0
 * @param targetQuantile     gamma: the fraction of updates to leave unclipped, in [0, 1]
 *                           (0.5: clip at the median, the paper's recommendation)
 * @param learningRate       eta &gt;= 0: the clip changes by at most a factor e^(eta/2) a round
 *                           when gamma = 1/2 (at most e^eta in general); 0.2 recommended
 * @param countStddev        sigma_b &gt;= 0: stddev of the noise on the count of unclipped
 *                           updates; n / 20 recommended
 * @param expectedUpdates    n &gt; 0: the expected number of updates a round, the denominator of
 *                           the unclipped fraction
 * @param countSensitivity   how much one participant can move the centred count sum(bit - 1/2):
 *                           1/2 when neighbours add or remove a participant (TF Privacy), 1 when
 *                           they replace one (PMAD's central mode)
 */
public record AdaptiveClipping(double initialClip, double targetQuantile, double learningRate, double countStddev,
                               double expectedUpdates, double countSensitivity) {
    /** The paper's geometric learning rate. */
    public static final double RECOMMENDED_LEARNING_RATE = 0.2;
    /** Add/remove one participant: a bit shifted by -1/2 moves the count by at most 1/2. */
    public static final double ADD_OR_REMOVE = 0.5;
    /** Replace one participant: its bit can flip, moving the count by 1. */
    public static final double REPLACE_ONE = 1.0;

    public AdaptiveClipping {
        if (!(initialClip > 0) || Double.isInfinite(initialClip)) {
            throw new IllegalArgumentException("initialClip must be a finite number > 0, was " + initialClip);
        }
        if (!(targetQuantile >= 0 && targetQuantile <= 1)) {
            throw new IllegalArgumentException("targetQuantile must be in [0, 1], was " + targetQuantile
                    + ": it is the fraction of updates left unclipped, e.g. 0.5 for the median");
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0, was " + learningRate
                    + " (0.2 is Andrew et al.'s recommendation)");
        }
        if (!(countStddev >= 0) || Double.isInfinite(countStddev)) {
            throw new IllegalArgumentException("countStddev must be a finite number >= 0, was " + countStddev
                    + " (expectedUpdates / 20 is Andrew et al.'s recommendation)");
        }
        if (!(expectedUpdates > 0) || Double.isInfinite(expectedUpdates)) {
            throw new IllegalArgumentException("expectedUpdates must be a finite number > 0, was " + expectedUpdates);
        }
        if (!(countSensitivity > 0) || Double.isInfinite(countSensitivity)) {
            throw new IllegalArgumentException("countSensitivity must be > 0, was " + countSensitivity
                    + ": use ADD_OR_REMOVE (0.5) or REPLACE_ONE (1)");
        }
    }

    /**
     * Andrew et al.'s recommended settings: eta = 0.2 (geometric), sigma_b = n / 20, for
     * {@code expectedUpdates} updates a round under the given neighbour relation.
     */
    public static AdaptiveClipping recommended(double initialClip, double targetQuantile, double expectedUpdates,
                                               double countSensitivity) {
        return new AdaptiveClipping(initialClip, targetQuantile, RECOMMENDED_LEARNING_RATE, expectedUpdates / 20,
                expectedUpdates, countSensitivity);
    }

    /**
     * Settings whose bit count takes the fraction {@code countShare} of each round's privacy: z_b =
     * z / sqrt(share), so z_delta = z / sqrt(1 - share) (from z^-2 = z_delta^-2 + z_b^-2). Andrew et
     * al.'s sigma_b = n / 20 assumes hundreds of updates a round; with a handful of agents and a
     * noise multiplier of several units it is far below z and leaves nothing for the sum, so a
     * small federation fixes the share instead: the sum's noise grows by 1 / sqrt(1 - share), the
     * count's noise is whatever that share buys. Learning rate: the paper's 0.2.
     *
     * @param z the run's noise multiplier, as calibrated for fixed clipping
     */
    public static AdaptiveClipping withCountShare(double initialClip, double targetQuantile, double z,
                                                  double countShare, double expectedUpdates, double countSensitivity) {
        if (!(countShare > 0 && countShare < 1)) {
            throw new IllegalArgumentException("countShare must be in (0, 1), was " + countShare);
        }
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("noise multiplier must be a finite number > 0, was " + z);
        }
        double zb = z / Math.sqrt(countShare);
        return new AdaptiveClipping(initialClip, targetQuantile, RECOMMENDED_LEARNING_RATE, zb * countSensitivity,
                expectedUpdates, countSensitivity);
    }

    /** z_b = sigma_b / count sensitivity: the bit count's noise multiplier (0: the count is exact, no DP). */
    public double countNoiseMultiplier() {
        return countStddev / countSensitivity;
    }

    /**
     * The noise multiplier for the clipped sum so that the sum and the bit count together spend
     * what one Gaussian release at {@code z} spends: z_delta = (z^-2 - z_b^-2)^-1/2. Gaussian
     * releases of one round compose into one Gaussian of multiplier (sum of z_i^-2)^-1/2 (the
     * privacy loss of each is normal with mean 1/(2 z_i^2); Mironov 2017 Prop. 7 under RDP), so
     * this is exact under both accountants. PMAD releases both with the exact discrete Gaussian:
     * the pair is one multivariate discrete Gaussian with sum of squared (distance / sigma) at
     * most z_delta^-2 + z_b^-2 = z^-2, whose RDP curve is alpha / (2 z^2) (CKS 2020 Theorem 14),
     * the same identity under RDP, the accountant that bounds discrete noise.
     *
     * @throws IllegalArgumentException when z_b &lt;= z: the count alone would spend more than the
     *     round may; raise countStddev (or lower the noise of the sum's budget)
     */
    public double valueNoiseMultiplier(double z) {
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("noise multiplier must be a finite number > 0, was " + z);
        }
        double zb = countNoiseMultiplier();
        if (!(zb > z)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the unclipped count's noise multiplier %.4g (countStddev %.4g / sensitivity %.2g) must exceed the"
                            + " run's noise multiplier %.4g, or the count alone spends more than a round may; raise"
                            + " countStddev (expectedUpdates / 20 = %.4g is the recommendation)",
                    zb, countStddev, countSensitivity, z, expectedUpdates / 20));
        }
        return 1 / Math.sqrt(1 / (z * z) - 1 / (zb * zb));
    }
}
