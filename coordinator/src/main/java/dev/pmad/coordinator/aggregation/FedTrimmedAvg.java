package dev.pmad.coordinator.aggregation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Coordinate-wise trimmed mean of the deltas (Yin et al. 2018, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", the trimmed-mean algorithm): per coordinate, sort
 * the m values, drop the {@code k = floor(beta * m)} smallest and the k largest, and add the
 * mean of the rest to the global model. Every agent counts once, as in the paper and in Flower's
 * FedTrimmedAvg. Ties need no rule: equal values are interchangeable.
 *
 * <p>{@code beta} is in [0, 0.5), so {@code 2k < m} and at least one value always remains; with
 * beta = 0 it is the uniform mean. Default 0.2, Flower's. k is computed from beta as written
 * (0.29 of 100 agents trims 29, where {@code floor(0.29 * 100.0)} would give 28).
 *
 * <p>Robust to fewer than k hostile agents per coordinate. Not for few agents: with beta = 0.2,
 * fewer than 5 updates trim nothing.
 */
public final class FedTrimmedAvg implements Strategy {
    static final String NAME = "fedtrimmedavg";
    static final String SUMMARY = "coordinate-wise trimmed mean of the deltas, unweighted (Yin et al. 2018)";
    static final StrategyOption BETA = StrategyOption.fraction("beta", 0.2, 0.5,
            "fraction of the updates dropped at each end, per coordinate");
    static final List<StrategyOption> OPTIONS = List.of(BETA);

    private final double beta;

    public FedTrimmedAvg() {
        this(BETA.defaultValue());
    }

    public FedTrimmedAvg(double beta) {
        this.beta = BETA.check(NAME, beta);
    }

    /** How many values are dropped at each end when {@code m} updates arrive. */
    int trimmed(int m) {
        return BigDecimal.valueOf(beta).multiply(BigDecimal.valueOf(m)).setScale(0, RoundingMode.FLOOR).intValueExact();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return StrategyOption.values(OPTIONS, beta);
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
        int k = trimmed(m);
        double[] column = new double[m];
        double[] model = new double[global.length];
        for (int i = 0; i < model.length; i++) {
            Deltas.sortedColumn(rows, i, column);
            double sum = 0;
            for (int r = k; r < m - k; r++) sum += column[r];
            model[i] = global[i] + sum / (m - 2 * k);
        }
        return new Step(model, StrategyState.Stateless.INSTANCE);
    }

    @Override
    public String toString() {
        return NAME + options();
    }
}
