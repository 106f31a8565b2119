package dev.pmad.dashboard.port;

/**
 * A request for a new run, already validated by the dashboard.
 *
 * @param targetRounds  rounds to run, between 1 and the state's {@code maxTargetRounds}
 * @param epsilonBudget a privacy budget for this run, or null to keep the configured one
 */
public record StartRequest(int targetRounds, Double epsilonBudget) {}
