package dev.pmad.coordinator.aggregation;

import java.util.List;
import java.util.Map;

/**
 * Coordinate-wise median of the deltas (Yin et al. 2018, "Byzantine-Robust Distributed Learning:
 * Towards Optimal Statistical Rates", the median-based algorithm): {@code new = global +
 * median_i(d_i)} per coordinate, every agent counting once whatever its sample count. With an
 * even number of updates the median is the mean of the two middle values (as NumPy's, which
 * Flower's FedMedian uses).
 *
 * <p>Robust while fewer than half the agents are hostile. Not for non-IID agents you trust: it
 * ignores sample counts and drops the information in the tails, so it converges more slowly and
 * to a worse model than {@link FedAvgStrategy} when nobody attacks.
 */
public final class FedMedian implements Strategy {
    static final String NAME = "fedmedian";
    static final String SUMMARY = "coordinate-wise median of the deltas, unweighted (Yin et al. 2018)";
    static final List<StrategyOption> OPTIONS = List.of();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return Map.of();
    }

    @Override
    public StrategyState initialState(int modelSize) {
        return StrategyState.Stateless.INSTANCE;
    }

    @Override
    public Step aggregate(double[] global, List<AgentUpdate> updates, StrategyState state) {
        Deltas.check(this, global, updates);
        double[][] rows = Deltas.rows(updates);
        int m = rows.length;
        double[] column = new double[m];
        double[] model = new double[global.length];
        for (int i = 0; i < model.length; i++) {
            Deltas.sortedColumn(rows, i, column);
            // Halving is exact, so a/2 + b/2 equals (a + b)/2 rounded, without overflowing.
            double median = m % 2 == 1 ? column[m / 2] : column[m / 2 - 1] / 2 + column[m / 2] / 2;
            model[i] = global[i] + median;
        }
        return new Step(model, StrategyState.Stateless.INSTANCE);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
