package dev.pmad.agent.engine;

/**
 * One agent's federated-Newton sums at the round's global weights, exact (before any noise).
 *
 * @param gradient  the summed gradient, in the model's layout
 * @param curvature the packed summed Hessian or Gram matrix, or an empty array when not asked
 */
public record NewtonSums(double[] gradient, double[] curvature) {

    /** Which curvature a round asks for. */
    public enum Curvature {
        /** Gradient only. */
        NONE,
        /** The exact Hessian over the K(d+1) weights (no DP). */
        HESSIAN,
        /** The Gram matrix of the (clipped) inputs over d+1 columns (record mode, once per run). */
        GRAM
    }
}
