package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Weights;

/** One agent's accepted update in a round. */
public record AgentUpdate(String agent, Weights delta, int samples, double trainLoss, double epsilonSpent,
                          double trainSeconds) {}
