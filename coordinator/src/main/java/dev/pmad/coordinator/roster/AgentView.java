package dev.pmad.coordinator.roster;

/** An immutable snapshot of one agent, for the dashboard and logs. */
public record AgentView(String id, String trainerKind, String state, long millisSinceSeen, int trainSamples,
                        int testSamples, int roundsParticipated, double lastTrainLoss) {}
