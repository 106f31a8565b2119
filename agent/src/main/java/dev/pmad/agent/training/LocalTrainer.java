package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;

/**
 * Trains the shared model on one agent's local training split, starting from given weights.
 * Implementations hold the encoded local data; they are called only from the agent's loop thread.
 */
public interface LocalTrainer {

    /** Shown on the dashboard, e.g. {@code tribuo}. */
    String kind();

    /** Weights after local training from {@code start}; {@code seed} fixes shuffling and sampling. */
    double[] train(double[] start, ModelShape shape, TrainingParams params, long seed);
}
