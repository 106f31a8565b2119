package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Weights;
import java.util.Objects;

/**
 * What a {@link Strategy} carries from one round to the next: an immutable value, so the
 * coordinator can keep it beside the global model and checkpoint it. Vectors are {@link Weights},
 * which copy on the way in and out, are finite and already have a JSON form.
 *
 * <p>Sealed so that a checkpoint codec can switch over every kind exhaustively.
 */
public sealed interface StrategyState {

    /** The number of weights the state is for; 0 for {@link Stateless}. */
    int size();

    /** FedAvg, median, trimmed mean and Krum remember nothing between rounds. */
    record Stateless() implements StrategyState {
        public static final Stateless INSTANCE = new Stateless();

        @Override
        public int size() {
            return 0;
        }
    }

    /** FedAvgM's server velocity (Hsu et al. 2019). */
    record Velocity(Weights velocity) implements StrategyState {
        public Velocity {
            Objects.requireNonNull(velocity, "velocity");
        }

        @Override
        public int size() {
            return velocity.size();
        }
    }

    /** First and second moment estimates of FedAdagrad, FedAdam and FedYogi (Reddi et al. 2021). */
    record Moments(Weights first, Weights second) implements StrategyState {
        public Moments {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(second, "second");
            if (first.size() != second.size()) {
                throw new IllegalArgumentException("moment sizes differ: " + first.size() + " and " + second.size());
            }
            for (int i = 0; i < second.size(); i++) {
                if (second.get(i) < 0) {
                    throw new IllegalArgumentException("second moment " + i + " is negative (" + second.get(i) + ")");
                }
            }
        }

        @Override
        public int size() {
            return first.size();
        }
    }

    /**
     * SCAFFOLD's server control variate c (Karimireddy et al. 2020, Algorithm 1): the
     * sample-weighted mean of the agents' variates c_i, kept by adding their changes.
     */
    record ServerControl(Weights control) implements StrategyState {
        public ServerControl {
            Objects.requireNonNull(control, "control");
        }

        @Override
        public int size() {
            return control.size();
        }
    }

    /**
     * Federated Newton in record mode: the sum of the noised Gram matrices received so far
     * (packed upper triangle over the d+1 inputs) and the agents whose matrix is in it, in the
     * order they arrived; each agent releases its matrix once per run.
     */
    record GramSum(Weights packed, java.util.List<String> agents) implements StrategyState {
        public GramSum {
            Objects.requireNonNull(packed, "packed");
            agents = java.util.List.copyOf(agents);
        }

        @Override
        public int size() {
            return packed.size();
        }
    }
}
