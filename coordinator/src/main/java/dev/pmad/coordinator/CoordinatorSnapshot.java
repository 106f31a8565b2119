package dev.pmad.coordinator;

import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the coordinator, republished by the loop thread after every event, so
 * readers (dashboard, metrics) never touch loop state and never wait for the loop.
 *
 * @param strategy the current or last run's strategy, or null before the first run
 */
public record CoordinatorSnapshot(Phase phase, String reason, String runId, int round, int targetRounds,
                                  List<AgentView> agents, List<RoundResult> rounds, double epsilonBudget,
                                  double epsilonSpent, String privacyMode, Map<String, Long> rejected,
                                  RunSummary lastRun, RunStrategy strategy) {}
