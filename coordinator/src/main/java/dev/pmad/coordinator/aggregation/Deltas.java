package dev.pmad.coordinator.aggregation;

import java.util.List;

/**
 * The arithmetic strategies share on a round's deltas. Every loop runs in agent-id order (the
 * order of {@code updates}): floating-point sums depend on order, and a fixed one makes every
 * strategy bit-reproducible.
 */
final class Deltas {
    private Deltas() {}

    /** Refuses a round that does not fit the model, naming the strategy and the fix. */
    static void check(Strategy strategy, double[] global, List<AgentUpdate> updates) {
        if (global == null) throw new IllegalArgumentException(strategy.name() + ": global model is missing");
        if (updates == null || updates.isEmpty()) {
            throw new IllegalArgumentException(strategy.name() + ": a round needs at least one update");
        }
        if (updates.size() < strategy.minUpdates()) {
            throw new IllegalArgumentException(strategy.name() + " " + strategy.options() + " needs at least "
                    + strategy.minUpdates() + " updates per round, got " + updates.size()
                    + "; require that many agents per round or choose other options");
        }
        for (AgentUpdate u : updates) {
            if (u.delta().size() != global.length) {
                throw new IllegalArgumentException(strategy.name() + ": agent " + u.agent() + " sent " + u.delta().size()
                        + " weights, the model has " + global.length);
            }
        }
    }

    /** Refuses a state that is not {@code type} or not sized for the model: it belongs to another run. */
    static <S extends StrategyState> S state(Strategy strategy, StrategyState state, Class<S> type, int size) {
        if (!type.isInstance(state) || state.size() != size) {
            throw new IllegalArgumentException(strategy.name() + " needs a " + type.getSimpleName() + " state of size "
                    + size + " (from initialState or its previous round), got " + state);
        }
        return type.cast(state);
    }

    /**
     * sum_i n_i d_i / sum_i n_i, computed as FedAvg always has (each delta times its weight
     * n_i / N, summed in order), so the two give the same bits.
     */
    static double[] weightedMean(List<AgentUpdate> updates) {
        long total = 0;
        for (AgentUpdate u : updates) {
            if (u.samples() < 1) {
                throw new IllegalArgumentException("agent " + u.agent() + " declared " + u.samples() + " samples; weights need >= 1");
            }
            total += u.samples();
        }
        double[] mean = new double[updates.get(0).delta().size()];
        for (AgentUpdate u : updates) {
            double weight = u.samples() / (double) total;
            for (int i = 0; i < mean.length; i++) mean[i] += weight * u.delta().get(i);
        }
        return mean;
    }

    /** The mean with every update counting once, whatever its sample count. */
    static double[] uniformMean(List<double[]> deltas) {
        double[] mean = new double[deltas.get(0).length];
        for (double[] d : deltas) {
            for (int i = 0; i < mean.length; i++) mean[i] += d[i];
        }
        for (int i = 0; i < mean.length; i++) mean[i] /= deltas.size();
        return mean;
    }

    /** The deltas as fresh arrays, in agent-id order. */
    static double[][] rows(List<AgentUpdate> updates) {
        double[][] rows = new double[updates.size()][];
        for (int r = 0; r < rows.length; r++) rows[r] = updates.get(r).delta().toArray();
        return rows;
    }

    /** Coordinate {@code i} of every delta, sorted ascending into {@code column}. */
    static double[] sortedColumn(double[][] rows, int i, double[] column) {
        for (int r = 0; r < rows.length; r++) column[r] = rows[r][i];
        java.util.Arrays.sort(column);
        return column;
    }

    /** A new array: {@code global + step}. */
    static double[] plus(double[] global, double[] step) {
        double[] model = new double[global.length];
        for (int i = 0; i < model.length; i++) model[i] = global[i] + step[i];
        return model;
    }
}
