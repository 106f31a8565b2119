package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Procedure;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A bridge for the coordinator as it is: runs a {@link Strategy} behind the older
 * {@link AggregationStrategy}, which returns a delta for the coordinator to add to its global
 * model. The adapter reads that global model through {@code global} when a round is aggregated
 * (so it never holds a second copy that could drift from the coordinator's) and keeps the
 * strategy's state between rounds.
 *
 * <p>Not the final wiring: the coordinator adds the returned {@code new - global} back to
 * {@code global}, and {@code global + (new - global)} may differ from {@code new} in the last
 * bit. Calling {@link Strategy#aggregate} directly and keeping its {@link Strategy.Step} avoids
 * that, and lets a checkpoint hold the state next to the model. Loop-thread only, like the rest
 * of a run's state.
 */
public final class StrategyAggregation implements AggregationStrategy {
    private final Strategy strategy;
    private final Supplier<double[]> global;
    private StrategyState state;

    /**
     * @param strategy  the strategy to run
     * @param modelSize the number of weights, for the strategy's initial state
     * @param global    the coordinator's current global model, read (not written) once per round
     */
    public StrategyAggregation(Strategy strategy, int modelSize, Supplier<double[]> global) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.global = Objects.requireNonNull(global, "global");
        this.state = strategy.initialState(modelSize);
    }

    /** Continues a run whose strategy had reached {@code state} (a checkpoint's), instead of the initial state. */
    public StrategyAggregation(Strategy strategy, Supplier<double[]> global, StrategyState state) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.global = Objects.requireNonNull(global, "global");
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public double[] aggregate(int round, List<AgentUpdate> updates) {
        double[] current = global.get().clone();
        Strategy.Step step = strategy.aggregate(current, updates, state);
        state = step.state();
        double[] delta = new double[current.length];
        for (int i = 0; i < delta.length; i++) delta[i] = step.model()[i] - current[i];
        return delta;
    }

    @Override
    public Procedure procedure(String agent) {
        return strategy.procedure(agent, state);
    }

    @Override
    public String name() {
        return strategy.name();
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The state after the last aggregated round (immutable; for checkpoints and tests). */
    public StrategyState state() {
        return state;
    }
}
