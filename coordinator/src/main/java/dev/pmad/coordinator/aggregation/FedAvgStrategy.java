package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Procedure;
import java.util.List;
import java.util.Map;

/**
 * Federated averaging (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks
 * from Decentralized Data", Algorithm 1): the new model is the global model plus the mean of the
 * deltas weighted by sample count, {@code x + sum_i n_i d_i / sum_i n_i}. The same arithmetic as
 * {@link FedAvg}, which it will replace once the coordinator calls {@link Strategy} directly
 * (hence the name, while both exist).
 *
 * <p>Not for rounds where some agents may be hostile: one delta can move the mean anywhere. Use
 * {@link FedMedian}, {@link FedTrimmedAvg} or {@link Krum} there.
 */
public final class FedAvgStrategy implements Strategy {
    static final String NAME = "fedavg";
    static final String SUMMARY = "weighted mean of the deltas by sample count (McMahan et al. 2017)";
    static final List<StrategyOption> OPTIONS = List.of();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return Map.of();
    }

    /** Central DP's DP-FedAvg is this strategy with clipping, noise and uniform weights. */
    @Override
    public Procedure centralDpProcedure() {
        return Procedure.sgd();
    }

    @Override
    public StrategyState initialState(int modelSize) {
        return StrategyState.Stateless.INSTANCE;
    }

    @Override
    public Step aggregate(double[] global, List<AgentUpdate> updates, StrategyState state) {
        Deltas.check(this, global, updates);
        return new Step(Deltas.plus(global, Deltas.weightedMean(updates)), StrategyState.Stateless.INSTANCE);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
