package dev.pmad.dashboard.port;

/**
 * One agent as the federation sees it.
 *
 * @param millisSinceSeen    age of its last message (heartbeat or other) when the picture was taken
 * @param lastTrainLoss      mean local training loss of its last round; NaN before its first
 */
public record AgentStatus(String id, String trainerKind, String state, long millisSinceSeen, int trainSamples,
                          int testSamples, int roundsParticipated, double lastTrainLoss) {}
