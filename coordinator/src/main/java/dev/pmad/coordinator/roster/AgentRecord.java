package dev.pmad.coordinator.roster;

import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.JoinAck;

/**
 * What the coordinator knows about one agent. Mutable, owned by the coordinator's loop thread;
 * others see {@link AgentView} snapshots.
 */
public final class AgentRecord {
    final String id;
    /** Of the agent's process that sent the JOIN held here; another one means it restarted. */
    String incarnation;
    /** What the coordinator answered that JOIN; a resend of it gets the same answer. */
    private JoinAck acknowledgement;
    String trainerKind;
    int trainSamples;
    int testSamples;
    FeatureStats stats;
    long lastSeenMillis;
    String reportedState = "JOINING";
    boolean lost;
    int roundsParticipated;
    double lastTrainLoss = Double.NaN;
    // Quarantine, for the current run (see Quarantine).
    int missesInARow;
    int failuresInARow;
    /** The last round it sits out; 0 when not sitting out. */
    int sitsOutThrough;
    /** Back from sitting out, not yet delivered in time: invited, waited for only when quorum needs it. */
    boolean probation;
    /** Rounds of this run it sat out. */
    int roundsSatOut;
    // Kept by the Roster for its incremental views.
    /** Changed since the roster last built views. */
    boolean changed;
    /** Its position in the roster's id order. */
    int index;
    /** The last view built of it. */
    AgentView view;

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

    public JoinAck acknowledgement() {
        return acknowledgement;
    }

    public void acknowledged(JoinAck ack) {
        acknowledgement = ack;
    }

    AgentView view(long nowMillis) {
        String state = lost ? "LOST" : sitsOutThrough > 0 ? "QUARANTINED" : probation ? "PROBATION" : reportedState;
        return new AgentView(id, trainerKind, state, Math.max(0, nowMillis - lastSeenMillis),
                trainSamples, testSamples, roundsParticipated, lastTrainLoss);
    }
}
