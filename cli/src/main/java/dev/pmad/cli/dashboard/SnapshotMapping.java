package dev.pmad.cli.dashboard;

import dev.pmad.coordinator.CoordinatorSnapshot;
import dev.pmad.coordinator.Phase;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.dashboard.port.AgentStatus;
import dev.pmad.dashboard.port.DashboardState;
import dev.pmad.dashboard.port.RoundStatus;
import dev.pmad.dashboard.port.StrategyChoice;
import dev.pmad.dashboard.port.StrategySetting;
import java.util.Arrays;
import java.util.List;

/** Coordinator records to dashboard records. Pure functions: safe on the coordinator's loop thread. */
final class SnapshotMapping {
    static final List<String> PHASES = Arrays.stream(Phase.values()).map(Phase::name).toList();

    private SnapshotMapping() {}

    /** Every registered strategy with its options, in the registry's order; the same for every snapshot. */
    static final List<StrategyChoice> STRATEGIES = Strategies.names().stream()
            .map(name -> new StrategyChoice(name, Strategies.options(name).stream()
                    .map(o -> new StrategyChoice.Option(o.key(), o.defaultValue(), o.range(), o.description())).toList()))
            .toList();

    /** {@code rejected}: the coordinator's counts now, which move between snapshots (a flood is counted off its loop). */
    static DashboardState state(CoordinatorSnapshot s, java.util.Map<String, Long> rejected, int defaultRounds,
                                int maxRounds, double delta, StrategySetting defaultStrategy) {
        var privacy = new DashboardState.Privacy(s.privacyMode(), s.epsilonBudget(), s.epsilonSpent(), delta, false);
        return new DashboardState(s.phase().name(), s.reason(), PHASES, s.runId(), s.round(), s.targetRounds(),
                defaultRounds, maxRounds, s.phase().running(), privacy, agents(s.agents()),
                s.rounds().stream().map(SnapshotMapping::round).toList(), rejected, outcome(s.lastRun()),
                STRATEGIES, defaultStrategy, s.strategy() == null ? null : strategy(s.strategy()));
    }

    static StrategySetting strategy(RunStrategy s) {
        return new StrategySetting(s.name(), s.options());
    }

    static List<AgentStatus> agents(List<AgentView> views) {
        return views.stream().map(a -> new AgentStatus(a.id(), a.trainerKind(), a.state(), a.millisSinceSeen(),
                a.trainSamples(), a.testSamples(), a.roundsParticipated(), a.lastTrainLoss())).toList();
    }

    static RoundStatus round(RoundResult r) {
        Metrics m = r.metrics();
        return new RoundStatus(r.round(), m.accuracy(), m.loss(), m.precision(), m.recall(), m.f1(), r.epsilonSpent(),
                r.participants(), r.failures().stream().map(f -> new RoundStatus.Failure(f.agent(), f.reason())).toList(),
                r.rejectedUpdates(), r.roundSeconds(), r.bounded().stream().map(Object::toString).toList(), r.clipNorm());
    }

    static DashboardState.RunOutcome outcome(RunSummary summary) {
        if (summary == null) return null;
        return new DashboardState.RunOutcome(summary.runId(), summary.outcome().name(), summary.reason(),
                summary.rounds().size());
    }
}
