package dev.pmad.dashboard.port;

import java.util.List;

/** Something that happened in a federation, pushed to the dashboard as it happens. */
public sealed interface FederationEvent {

    /** A run was accepted, with the strategy it aggregates with. */
    record RunStarted(String runId, int targetRounds, StrategySetting strategy) implements FederationEvent {}

    /** The state machine moved. */
    record PhaseChanged(String phase, String runId, int round, int targetRounds, String reason)
            implements FederationEvent {}

    /** A round finished and was evaluated. */
    record RoundCompleted(String runId, RoundStatus round, double epsilonSpent) implements FederationEvent {}

    /** Agents joined, were lost, or changed what they report. */
    record AgentsChanged(List<AgentStatus> agents) implements FederationEvent {
        public AgentsChanged {
            agents = List.copyOf(agents);
        }
    }

    /** A run ended (completed, stopped or failed); its model can now be downloaded. */
    record RunFinished(DashboardState.RunOutcome outcome) implements FederationEvent {}

    /** A line for the event log: joins, losses, dropped messages, failures. Level: info, warn or error. */
    record Log(String level, String message) implements FederationEvent {}
}
