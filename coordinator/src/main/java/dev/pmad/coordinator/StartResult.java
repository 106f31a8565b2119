package dev.pmad.coordinator;

/** The answer to a start or stop request: accepted with the run id, or refused with why. */
public record StartResult(boolean accepted, String runId, String error, Kind kind) {
    public enum Kind { ACCEPTED, CONFLICT, INVALID }

    static StartResult accepted(String runId) {
        return new StartResult(true, runId, "", Kind.ACCEPTED);
    }

    static StartResult conflict(String error) {
        return new StartResult(false, "", error, Kind.CONFLICT);
    }

    static StartResult invalid(String error) {
        return new StartResult(false, "", error, Kind.INVALID);
    }
}
