package dev.pmad.coordinator.roster;

import dev.pmad.protocol.FeatureStats;

/**
 * What the coordinator knows about one agent. Mutable, owned by the coordinator's loop thread;
 * others see {@link AgentView} snapshots.
 */
public final class AgentRecord {
    final String id;
    String trainerKind;
    int trainSamples;
    int testSamples;
    FeatureStats stats;
    long lastSeenMillis;
    String reportedState = "JOINING";
    boolean lost;
    int roundsParticipated;
    double lastTrainLoss = Double.NaN;

    AgentRecord(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public int trainSamples() {
        return trainSamples;
    }

    public FeatureStats stats() {
        return stats;
    }

    public boolean lost() {
        return lost;
    }

    public void recordParticipation(double trainLoss) {
        roundsParticipated++;
        lastTrainLoss = trainLoss;
    }

    AgentView view(long nowMillis) {
        return new AgentView(id, trainerKind, lost ? "LOST" : reportedState, Math.max(0, nowMillis - lastSeenMillis),
                trainSamples, testSamples, roundsParticipated, lastTrainLoss);
    }
}
