package dev.pmad.coordinator.tracking;

/**
 * A place runs are recorded. Called on the tracker's thread only, one record at a time, in the
 * order things happened; implementations keep their own per-run state without locks. A method
 * that throws has its message logged and shown on the dashboard's event log; the run goes on.
 */
public interface TrackingSink extends AutoCloseable {
    /** For messages: "MLflow", "runs directory". */
    String name();

    void runStarted(RunStarted run) throws Exception;

    /**
     * A checkpointed run goes on under its id after {@code completedRounds} rounds, in a new
     * coordinator process: continue the record of it (one run, every round once) rather than
     * start another. By default, as a start.
     */
    default void runResumed(RunStarted run, int completedRounds) throws Exception {
        runStarted(run);
    }

    void roundLogged(RoundLogged round) throws Exception;

    void runEnded(RunEnded run) throws Exception;

    /** Gives up anything in flight; called when the tracker closes. */
    @Override
    default void close() {}
}
