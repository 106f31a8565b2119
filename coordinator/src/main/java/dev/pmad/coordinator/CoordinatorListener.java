package dev.pmad.coordinator;

import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import java.util.List;

/**
 * Observes a coordinator. Called on the coordinator's loop thread: implementations must return
 * quickly and never block (hand work to their own thread). Exceptions are caught and logged.
 */
public interface CoordinatorListener {
    /** A run was accepted, before it waits for its quorum: its id, rounds and strategy. */
    default void onRunStarted(String runId, int targetRounds, RunStrategy strategy) {}

    /**
     * A checkpointed run was resumed under its own id after {@code completedRounds} rounds,
     * before it waits for its quorum; its rounds so far were reported before the restart.
     */
    default void onRunResumed(String runId, int targetRounds, RunStrategy strategy, int completedRounds,
                              java.time.Instant startedAt) {}

    default void onPhaseChanged(Phase phase, String runId, int round, int targetRounds, String reason) {}

    default void onRoundCompleted(String runId, RoundResult result) {}

    default void onRunFinished(RunSummary summary) {}

    default void onAgentsChanged(List<AgentView> agents) {}

    /** Something a user should see in an event log: joins, losses, rejections, failures. */
    default void onEvent(String level, String message) {}
}
