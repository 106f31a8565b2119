package dev.pmad.dashboard.port;

import java.util.Objects;

/** The federation's answer to Start or Stop. */
public record ControlResult(Outcome outcome, String runId, String message) {

    /** Accepted; refused because of the federation's state (409); refused because of the request (400). */
    public enum Outcome { ACCEPTED, CONFLICT, INVALID }

    public ControlResult {
        Objects.requireNonNull(outcome, "outcome");
        runId = runId == null ? "" : runId;
        message = message == null ? "" : message;
    }

    public static ControlResult accepted(String runId, String message) {
        return new ControlResult(Outcome.ACCEPTED, runId, message);
    }

    public static ControlResult conflict(String message) {
        return new ControlResult(Outcome.CONFLICT, "", message);
    }

    public static ControlResult invalid(String message) {
        return new ControlResult(Outcome.INVALID, "", message);
    }
}
