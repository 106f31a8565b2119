package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Weights;

/**
 * One agent's accepted update in a round.
 *
 * @param delta     local weights minus the global weights (all zeros for federated Newton)
 * @param gradient  federated Newton: the agent's gradient sum; empty otherwise
 * @param curvature federated Newton, when asked: the agent's packed Hessian or Gram sum; empty otherwise
 * @param control   SCAFFOLD: the change of the agent's control variate; empty otherwise
 * @param unclipped adaptive clipping: the agent's bit, true when its clip left the delta unchanged
 */
public record AgentUpdate(String agent, Weights delta, int samples, double trainLoss, double epsilonSpent,
                          double trainSeconds, Weights gradient, Weights curvature, Weights control, boolean unclipped) {

    /** Without adaptive clipping's bit. */
    public AgentUpdate(String agent, Weights delta, int samples, double trainLoss, double epsilonSpent,
                       double trainSeconds, Weights gradient, Weights curvature, Weights control) {
        this(agent, delta, samples, trainLoss, epsilonSpent, trainSeconds, gradient, curvature, control, false);
    }

    /** A weight delta and nothing else. */
    public AgentUpdate(String agent, Weights delta, int samples, double trainLoss, double epsilonSpent, double trainSeconds) {
        this(agent, delta, samples, trainLoss, epsilonSpent, trainSeconds, Weights.zeros(0), Weights.zeros(0), Weights.zeros(0));
    }
}
