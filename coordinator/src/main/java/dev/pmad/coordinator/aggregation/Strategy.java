package dev.pmad.coordinator.aggregation;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.TrainingParams;
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

    /**
     * What a strategy may know of the run it aggregates: the model's shape, the training rows
     * the agents declared at the quorum (noised in DP runs), how many agents there are, and the
     * privacy the agents apply (record mode: the row clip R and the noise multiplier z).
     */
    record RunContext(ModelShape shape, long trainSamples, int agents, PrivacyMode mode, double clipNorm,
                      double noiseMultiplier) {
        public RunContext {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** This strategy bound to one run; most strategies need nothing of it and return themselves. */
    default Strategy forRun(RunContext run) {
        return this;
    }

    /** Why this strategy cannot run under privacy {@code mode}, or null when it can. */
    default String unsupported(PrivacyMode mode) {
        return null;
    }

    /** Why this strategy cannot run with the run's local training parameters, or null when it can. */
    default String unsupported(TrainingParams training) {
        return null;
    }

    /** What {@code agent} computes this round: local SGD for every strategy that aggregates deltas. */
    default Procedure procedure(String agent, StrategyState state) {
        return Procedure.sgd();
    }

    /**
     * What agents compute when central DP replaces this strategy's aggregation by DP-FedAvg's
     * clipped, noised, uniform mean ({@link CentralDpFedAvg}), or null when the strategy is its
     * aggregation and means nothing without it: central mode then refuses it.
     */
    default Procedure centralDpProcedure() {
        return null;
    }

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
