package dev.pmad.dashboard.port;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable picture of a federation, as the page, the REST API and the metrics show it.
 *
 * @param phase           the state-machine phase now (one of {@code phases})
 * @param reason          why the federation is in that phase (what it waits for, why it failed)
 * @param phases          every phase of the state machine, in lifecycle order, for the page's diagram
 * @param runId           the current or last run, empty before the first
 * @param round           the round in progress or last completed, 0 before the first
 * @param targetRounds    rounds of the current or last run, 0 before the first
 * @param defaultRounds   what the Start form proposes
 * @param maxTargetRounds the largest number of rounds a Start may ask for
 * @param running         whether a run is in progress (Start refused, Stop accepted)
 * @param privacy         the run's privacy mode, budget and spending
 * @param agents          every agent known to the federation, in id order
 * @param rounds          the rounds of the current or last run, in order
 * @param rejected        dropped incoming messages since start, by reason
 * @param lastRun         how the last finished run ended, or null before the first ended
 * @param strategies      the strategies a Start may ask for, in the order the form lists them
 * @param defaultStrategy the federation's own strategy, which the Start form proposes
 * @param strategy        the current or last run's strategy, or null before the first run
 */
public record DashboardState(String phase, String reason, List<String> phases, String runId, int round,
                             int targetRounds, int defaultRounds, int maxTargetRounds, boolean running,
                             Privacy privacy, List<AgentStatus> agents, List<RoundStatus> rounds,
                             Map<String, Long> rejected, RunOutcome lastRun, List<StrategyChoice> strategies,
                             StrategySetting defaultStrategy, StrategySetting strategy) {

    public DashboardState {
        Objects.requireNonNull(phase, "phase");
        reason = reason == null ? "" : reason;
        phases = List.copyOf(phases);
        runId = runId == null ? "" : runId;
        Objects.requireNonNull(privacy, "privacy");
        agents = List.copyOf(agents);
        rounds = List.copyOf(rounds);
        rejected = Map.copyOf(rejected);
        strategies = List.copyOf(strategies);
        Objects.requireNonNull(defaultStrategy, "defaultStrategy");
    }

    /** The last completed round, or null before the first. */
    public RoundStatus lastRound() {
        return rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
    }

    /**
     * Differential privacy of the runs.
     *
     * @param mode             none, record, local or central
     * @param epsilonBudget    epsilon of the whole run (0 without DP)
     * @param epsilonSpent     spent so far by the current or last run
     * @param delta            delta of the guarantee
     * @param budgetAdjustable whether a Start may set its own budget; otherwise it is fixed at start-up
     */
    public record Privacy(String mode, double epsilonBudget, double epsilonSpent, double delta,
                          boolean budgetAdjustable) {}

    /** How a run ended: COMPLETED, STOPPED or FAILED, and why. */
    public record RunOutcome(String runId, String outcome, String reason, int roundsCompleted) {}
}
