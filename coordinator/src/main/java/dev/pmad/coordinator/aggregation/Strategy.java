package dev.pmad.coordinator.aggregation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the coordinator turns one round's updates into the next global model: a pure function
 * (global model, this round's deltas, strategy state) -> (new global model, new state).
 *
 * <p>Pure means: {@code aggregate} reads its arguments, never writes them, keeps nothing between
 * calls and uses no randomness. Everything a strategy remembers across rounds (server momentum,
 * Adam's moments) is in the {@link StrategyState} it returns, an immutable value the caller
 * passes back next round and may checkpoint; the same inputs give the same bits.
 *
 * <p>Updates are deltas (local model minus the global model the agent started from), sorted by
 * agent id by the caller: floating-point sums depend on their order, so a fixed order is what
 * makes a run reproducible.
 *
 * <p>Build one with {@link Strategies#parse}; each implementation's javadoc cites its source.
 */
public interface Strategy {

    /** The registry name, e.g. {@code "fedadam"}: for logs, MLflow params and {@link Strategies#parse}. */
    String name();

    /** The effective hyperparameters, defaults included, in declaration order (MLflow params). */
    Map<String, Double> options();

    /** The state before the first round, for a model of {@code modelSize} weights. */
    StrategyState initialState(int modelSize);

    /**
     * The fewest updates one round may bring. Krum needs more than 2f + 2; the coordinator should
     * compare this with its quorum before the first round instead of failing in one.
     */
    default int minUpdates() {
        return 1;
    }

    /**
     * One round of aggregation.
     *
     * @param global  the global model the agents trained from; not modified
     * @param updates this round's deltas, non-empty, sorted by agent id, each as long as {@code global}
     * @param state   what this strategy returned last round, or {@link #initialState} in the first
     * @throws IllegalArgumentException if the updates or the state do not fit the model, or there
     *                                  are fewer than {@link #minUpdates()} updates
     */
    Step aggregate(double[] global, List<AgentUpdate> updates, StrategyState state);

    /**
     * A round's outcome.
     *
     * @param model the new global model: a fresh array the caller owns
     * @param state the state to pass to the next round
     */
    record Step(double[] model, StrategyState state) {
        public Step {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(state, "state");
        }
    }
}
