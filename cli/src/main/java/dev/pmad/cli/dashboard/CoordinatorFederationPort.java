package dev.pmad.cli.dashboard;

import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.Phase;
import dev.pmad.coordinator.StartResult;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.dashboard.port.ControlResult;
import dev.pmad.dashboard.port.DashboardState;
import dev.pmad.dashboard.port.FederationEvent;
import dev.pmad.dashboard.port.FederationPort;
import dev.pmad.dashboard.port.ModelFile;
import dev.pmad.dashboard.port.StartRequest;
import dev.pmad.dashboard.port.StrategySetting;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A {@link Coordinator} seen through the dashboard's port. Used by {@code pmad demo} and meant for
 * {@code pmad coordinator}:
 *
 * <pre>{@code
 * var port = new CoordinatorFederationPort(coordinator, schema.classes(), schema.encodedNames(), targetRounds);
 * Dashboard dashboard = Dashboard.start(ServiceConfig.dashboard(Env.system()), port);
 * }</pre>
 *
 * <p>Listener callbacks arrive on the coordinator's loop thread; they only map records and hand
 * them to the dashboard, which only enqueues.
 */
public final class CoordinatorFederationPort implements FederationPort {
    private final java.util.List<Forwarder> forwarders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Coordinator coordinator;
    private final List<String> classes;
    private final List<String> features;
    private final int defaultRounds;
    private final StrategySetting defaultStrategy;
    private volatile Exported exported; // the last run's model, encoded once

    private record Exported(String runId, ModelFile file) {}

    /**
     * @param classes       class names in label-index order, for the model file (may be empty)
     * @param features      encoded feature names in weight order, for the model file (may be empty)
     * @param defaultRounds what the page's Start form proposes
     */
    public CoordinatorFederationPort(Coordinator coordinator, List<String> classes, List<String> features,
                                     int defaultRounds) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.classes = List.copyOf(classes);
        this.features = List.copyOf(features);
        this.defaultRounds = defaultRounds;
        Strategy configured = coordinator.config().strategy();
        this.defaultStrategy = new StrategySetting(configured.name(), configured.options());
    }

    @Override
    public DashboardState state() {
        var config = coordinator.config();
        return SnapshotMapping.state(coordinator.snapshot(), coordinator.rejectedCounts(), defaultRounds,
                config.maxTargetRounds(), config.privacy().delta(), defaultStrategy);
    }

    @Override
    public CompletionStage<ControlResult> start(StartRequest request) {
        double budget = coordinator.config().privacy().epsilon();
        if (request.epsilonBudget() != null && request.epsilonBudget() != budget) {
            // The coordinator calibrates noise from the budget it was configured with; it has no per-run budget.
            return CompletableFuture.completedFuture(ControlResult.invalid("this coordinator's privacy budget is fixed at"
                    + " start-up (DP_EPSILON=" + budget + "); restart it with another DP_EPSILON to change it"));
        }
        Strategy strategy = null;
        if (request.strategy() != null) {
            try {
                strategy = Strategies.parse(request.strategy(), request.strategyOptions());
            } catch (IllegalArgumentException e) {
                // Names the known strategies, or the option and its range: shown as is on the Start form.
                return CompletableFuture.completedFuture(ControlResult.invalid(e.getMessage()));
            }
        }
        // The coordinator checks that it can run this strategy (MIN_AGENTS, privacy mode, model size).
        return coordinator.startRun(request.targetRounds(), strategy).thenApply(CoordinatorFederationPort::result);
    }

    @Override
    public CompletionStage<ControlResult> stop(String reason) {
        return coordinator.stopRun(reason).thenApply(CoordinatorFederationPort::result);
    }

    @Override
    public Optional<ModelFile> finalModel() {
        RunSummary last = coordinator.snapshot().lastRun();
        if (last == null) return Optional.empty();
        Exported cached = exported;
        if (cached == null || !cached.runId().equals(last.runId())) {
            cached = new Exported(last.runId(), ModelExport.of(last, classes, features));
            exported = cached;
        }
        return Optional.of(cached.file());
    }

    /**
     * Shows a line in the dashboard's event log that does not come from the coordinator (e.g. a
     * run-tracking failure). Thread-safe: the subscribers only enqueue.
     */
    public void log(String level, String message) {
        for (Forwarder f : forwarders) f.onEvent(level, message);
    }

    @Override
    public AutoCloseable subscribe(Consumer<FederationEvent> listener) {
        var forwarder = new Forwarder(listener);
        forwarders.add(forwarder);
        coordinator.addListener(forwarder);
        // The coordinator has no removeListener: a closed forwarder just stops forwarding.
        return () -> {
            forwarder.open = false;
            forwarders.remove(forwarder);
        };
    }

    private static ControlResult result(StartResult r) {
        return switch (r.kind()) {
            case ACCEPTED -> ControlResult.accepted(r.runId(), "");
            case CONFLICT -> ControlResult.conflict(r.error());
            case INVALID -> ControlResult.invalid(r.error());
        };
    }

    /** Runs on the coordinator's loop thread: maps and hands over, nothing else. */
    private static final class Forwarder implements CoordinatorListener {
        private final Consumer<FederationEvent> listener;
        volatile boolean open = true;

        Forwarder(Consumer<FederationEvent> listener) {
            this.listener = listener;
        }

        @Override
        public void onRunStarted(String runId, int targetRounds, RunStrategy strategy) {
            if (open) listener.accept(new FederationEvent.RunStarted(runId, targetRounds, SnapshotMapping.strategy(strategy)));
        }

        /** The page shows a resumed run as its run; its earlier rounds are in the state it loads. */
        @Override
        public void onRunResumed(String runId, int targetRounds, RunStrategy strategy, int completedRounds,
                                 java.time.Instant startedAt) {
            onRunStarted(runId, targetRounds, strategy);
        }

        @Override
        public void onPhaseChanged(Phase phase, String runId, int round, int targetRounds, String reason) {
            if (open) listener.accept(new FederationEvent.PhaseChanged(phase.name(), runId, round, targetRounds, reason));
        }

        @Override
        public void onRoundCompleted(String runId, RoundResult result) {
            if (open) {
                listener.accept(new FederationEvent.RoundCompleted(runId, SnapshotMapping.round(result), result.epsilonSpent()));
            }
        }

        @Override
        public void onRunFinished(RunSummary summary) {
            if (open) listener.accept(new FederationEvent.RunFinished(SnapshotMapping.outcome(summary)));
        }

        @Override
        public void onAgentsChanged(List<AgentView> agents) {
            if (open) listener.accept(new FederationEvent.AgentsChanged(SnapshotMapping.agents(agents)));
        }

        @Override
        public void onEvent(String level, String message) {
            if (open) listener.accept(new FederationEvent.Log(level, message));
        }
    }
}
