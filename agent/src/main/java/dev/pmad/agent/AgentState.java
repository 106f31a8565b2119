package dev.pmad.agent;

import java.util.EnumSet;
import java.util.Set;

/** What is true of an agent at a moment; the dashboard shows these names. */
public enum AgentState {
    /** JOIN sent; waiting for the coordinator's JOIN_ACK (re-sent periodically). */
    JOINING,
    /** Accepted by the coordinator; waiting for a round. */
    READY,
    /** Training on local data for the current round. */
    TRAINING,
    /** Scoring a global model on the local test split. */
    EVALUATING,
    /** Refused to go on (privacy budget exhausted or schema refused); sends nothing more for the run. */
    REFUSED,
    /** Closed. */
    STOPPED;

    Set<AgentState> next() {
        return switch (this) {
            case JOINING -> EnumSet.of(READY, TRAINING, EVALUATING, REFUSED, STOPPED);
            case READY -> EnumSet.of(JOINING, TRAINING, EVALUATING, REFUSED, STOPPED);
            case TRAINING, EVALUATING -> EnumSet.of(READY, JOINING, REFUSED, STOPPED);
            case REFUSED -> EnumSet.of(JOINING, READY, TRAINING, STOPPED);
            case STOPPED -> EnumSet.noneOf(AgentState.class);
        };
    }
}
