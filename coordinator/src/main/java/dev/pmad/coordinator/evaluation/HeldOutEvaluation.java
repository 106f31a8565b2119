package dev.pmad.coordinator.evaluation;

import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;

/**
 * Evaluation data the coordinator itself holds: public held-out rows (a deployment's
 * {@code EVAL_DATA_PATH}), or in a simulation the researcher's own test rows. With it the
 * coordinator scores each round's global model exactly, as Flower's server-side {@code
 * evaluate_fn} does, and asks no agent to evaluate: agents then release nothing about their test
 * splits, and the metrics are not blurred by the noise a DP-only agent puts on its evaluation
 * counts (which on a few dozen test rows hides the accuracy entirely).
 *
 * <p>Called on the coordinator's loop thread, once per round: keep it to a pass over the rows.
 * Not for private data: anything it computes is published on the dashboard and in MLflow.
 */
@FunctionalInterface
public interface HeldOutEvaluation {
    /** Confusion matrix, loss and row count of {@code global} on the held-out rows. */
    Metrics evaluate(double[] global, ModelShape shape, Standardization standardization);
}
