package dev.pmad.agent;

import java.util.EnumSet;
import java.util.Set;

/**
 * What is true of an agent at a moment; the dashboard shows these names. Each state lists its
 * successors beside it, and every move goes through the agent's one checked {@code moveTo}: a
 * message that would need any other move is rejected and counted instead.
 */
public enum AgentState {
    /** JOIN sent; waiting for the coordinator's JOIN_ACK (re-sent periodically). Nothing else is answered. */
    JOINING,
    /** Accepted by the coordinator; waiting for a round or an evaluation of the round it trained. */
    READY,
    /** Training on local data for the current round. */
    TRAINING,
    /** Scoring the global model of the round it trained on the local test split. */
    EVALUATING,
    /**
     * Refused to go on (the JOIN was refused, or a round broke the owner's policy or budget);
     * sends nothing derived from data until the run ends or the coordinator asks it to rejoin.
     */
    REFUSED,
    /** Closed. */
    STOPPED;

    Set<AgentState> next() {
        return switch (this) {
            case JOINING -> EnumSet.of(READY, REFUSED, STOPPED);
            case READY -> EnumSet.of(TRAINING, EVALUATING, JOINING, REFUSED, STOPPED);
            case TRAINING, EVALUATING -> EnumSet.of(READY, STOPPED);
            case REFUSED -> EnumSet.of(READY, JOINING, STOPPED);
            case STOPPED -> EnumSet.noneOf(AgentState.class);
        };
    }
}
