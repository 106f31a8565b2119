package dev.pmad.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The coordinator's states, each with what is true in it and where it may go next. All changes go
 * through {@code Coordinator.moveTo}, which rejects any move not listed here.
 */
public enum Phase {
    /** No run yet; agents may join. */
    IDLE,
    /** A run was started; waiting until MIN_AGENTS agents have joined (or the registration timeout). */
    REGISTERING,
    /** Global model and round config being sent to the selected agents. */
    ROUND_START,
    /** Agents training; collecting updates until all selected reported or the round timeout fired. */
    TRAINING,
    /** Updates in; the aggregation strategy computing the new global model. */
    AGGREGATING,
    /** Agents scoring the new global model on their local test splits. */
    EVALUATING,
    /** All target rounds done; final model published. A new run may start. */
    COMPLETED,
    /** A user asked to stop; agents being told. */
    STOPPING,
    /** Stopped by a user; the last global model stays. A new run may start. */
    STOPPED,
    /** The run could not go on (too few agents, budget exhausted, ...); the reason says why. */
    FAILED;

    public Set<Phase> next() {
        return switch (this) {
            case IDLE, COMPLETED, STOPPED, FAILED -> EnumSet.of(REGISTERING);
            case REGISTERING -> EnumSet.of(ROUND_START, STOPPING, FAILED);
            case ROUND_START -> EnumSet.of(TRAINING, STOPPING, FAILED);
            case TRAINING -> EnumSet.of(AGGREGATING, STOPPING, FAILED);
            case AGGREGATING -> EnumSet.of(EVALUATING, STOPPING, FAILED);
            case EVALUATING -> EnumSet.of(ROUND_START, COMPLETED, STOPPING, FAILED);
            case STOPPING -> EnumSet.of(STOPPED);
        };
    }

    /** Whether a run is in progress (Start is refused, Stop accepted). */
    public boolean running() {
        return switch (this) {
            case REGISTERING, ROUND_START, TRAINING, AGGREGATING, EVALUATING, STOPPING -> true;
            default -> false;
        };
    }
}
