package dev.pmad.coordinator.audit;

import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.aggregation.AggregationStrategy;
import dev.pmad.coordinator.aggregation.CentralDpFedAvg;
import dev.pmad.coordinator.aggregation.FedAvg;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.audit.AgentCanaries;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.protocol.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Central mode: canary agents ({@link AgentCanaries}) whose updates the coordinator's own {@link
 * CentralDpFedAvg} aggregates, round after round (clip to C, lattice, exact discrete Gaussian noise
 * of stddev z 2C on the sum, divide by the number of agents), z calibrated by the caller for the
 * claimed epsilon over the R planned rounds as a run is.
 *
 * <p><b>The adversary</b> is the public: it sees the noised mean of every round. It scores canary i
 * by sum_t ⟨mean_t, u_i⟩ n / C (n agents in the sum): ±R plus the noise's projection,
 * N(0, R (2z)^2), since the other canaries' directions are orthogonal to u_i and add nothing.
 *
 * <p><b>How the number of canaries interacts with the bound.</b> Canaries sharing one sum must
 * have orthogonal directions, or each would blur the others' scores; so at most d (the model's
 * size) share a run. More canaries go into further independent runs of R rounds with fresh noise
 * (ceil(m / d) runs): each canary is in one run only, so the runs together are still (epsilon,
 * delta)-DP with respect to each canary, and Theorem 3.1 of Steinke, Nasr, Jagielski 2023 applies
 * to all m at once. Sharing a release costs nothing: the noise a canary must beat is the same
 * whether it is alone in the sum or beside d - 1 others (the others are orthogonal), which is why
 * central mode, unlike record mode, can put m = d canaries in one training run. The bound grows
 * with m (more guesses) until 2 m delta eats the significance.
 *
 * <p>Mode none aggregates as a none-mode run does ({@link FedAvg}, one sample per agent): the power check.
 */
public final class CentralCanaries {
    private CentralCanaries() {}

    /** The runs {@code canaries} canaries need in a model of size {@code d}. */
    public static int runs(int d, int canaries) {
        return (canaries + d - 1) / d;
    }

    /**
     * @param noiseMultiplier z of central mode, calibrated to the claimed epsilon over {@code rounds}; ignored in mode none
     * @param random          the noise source (seeded for a reproducible audit: an audit releases nothing)
     * @return one score per canary, higher meaning IN
     */
    public static double[] scores(PrivacyMode mode, int d, double clipNorm, double noiseMultiplier, int rounds,
                                  boolean[] included, long seed, RandomGenerator random) {
        if (mode != PrivacyMode.CENTRAL && mode != PrivacyMode.NONE) throw new IllegalArgumentException("central canaries in mode " + mode);
        int m = included.length;
        if (m < 1) throw new IllegalArgumentException("--canaries must be at least 1, was " + m);
        double[] scores = new double[m];
        for (int run = 0, first = 0; first < m; run++, first += d) {
            int n = Math.min(d, m - first);
            double[][] u = AgentCanaries.orthonormal(d, n, seed + run);
            List<AgentUpdate> updates = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                double[] update = AgentCanaries.update(u[j], included[first + j], clipNorm);
                updates.add(new AgentUpdate(String.format("canary-%06d", j), Weights.of(update), 1, 0, 0, 0));
            }
            AggregationStrategy aggregator = mode == PrivacyMode.NONE ? new FedAvg()
                    : new CentralDpFedAvg(clipNorm, noiseMultiplier, new GaussianMechanism(random));
            for (int t = 0; t < rounds; t++) {
                double[] mean = aggregator.aggregate(t + 1, updates);
                for (int j = 0; j < n; j++) scores[first + j] += AgentCanaries.dot(mean, u[j]) * n / clipNorm;
            }
        }
        return scores;
    }
}
