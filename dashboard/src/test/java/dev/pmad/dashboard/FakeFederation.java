package dev.pmad.dashboard;

import dev.pmad.dashboard.port.AgentStatus;
import dev.pmad.dashboard.port.ControlResult;
import dev.pmad.dashboard.port.DashboardState;
import dev.pmad.dashboard.port.FederationEvent;
import dev.pmad.dashboard.port.FederationPort;
import dev.pmad.dashboard.port.ModelFile;
import dev.pmad.dashboard.port.RoundStatus;
import dev.pmad.dashboard.port.StartRequest;
import dev.pmad.dashboard.port.StrategyChoice;
import dev.pmad.dashboard.port.StrategySetting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A scripted federation for the dashboard's own tests: the state is whatever the test sets, Start
 * and Stop answer what the test says, and events are emitted by the test. Tests that need the real
 * coordinator and agents live in the cli module.
 */
final class FakeFederation implements FederationPort {
    static final List<String> PHASES = List.of("IDLE", "REGISTERING", "ROUND_START", "TRAINING", "AGGREGATING",
            "EVALUATING", "COMPLETED", "STOPPING", "STOPPED", "FAILED");

    final List<StartRequest> starts = new CopyOnWriteArrayList<>();
    final List<String> stops = new CopyOnWriteArrayList<>();
    private final List<Consumer<FederationEvent>> listeners = new CopyOnWriteArrayList<>();
    volatile DashboardState state = idle();
    volatile ControlResult startAnswer = ControlResult.accepted("run-1", "started");
    volatile ControlResult stopAnswer = ControlResult.conflict("no run in progress (IDLE)");
    volatile ModelFile model;

    static DashboardState idle() {
        return state("IDLE", "", 0, 0, false, List.of(agent("agent-1", "IDLE")), List.of(), Map.of());
    }

    static DashboardState state(String phase, String runId, int round, int target, boolean running,
                                List<AgentStatus> agents, List<RoundStatus> rounds, Map<String, Long> rejected) {
        return new DashboardState(phase, "because", PHASES, runId, round, target, 10, 1000, running,
                new DashboardState.Privacy("central", 3.0, rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).epsilonSpent(),
                        1e-5, false),
                agents, rounds, rejected, null, STRATEGIES, new StrategySetting("fedavg", Map.of()),
                runId.isEmpty() ? null : new StrategySetting("fedadam", ADAM));
    }

    static final List<StrategyChoice> STRATEGIES = List.of(new StrategyChoice("fedavg", List.of()),
            new StrategyChoice("fedadam", List.of(new StrategyChoice.Option("eta", 0.1, "> 0", "server learning rate"))));
    static final Map<String, Double> ADAM = adam();

    private static Map<String, Double> adam() {
        var options = new java.util.LinkedHashMap<String, Double>();
        options.put("eta", 0.05);
        options.put("beta1", 0.9);
        return options;
    }

    static AgentStatus agent(String id, String state) {
        return new AgentStatus(id, "tribuo", state, 1200, 91, 23, 0, Double.NaN);
    }

    static RoundStatus round(int n, double accuracy) {
        return new RoundStatus(n, accuracy, 0.5 / n, 0.9, 0.8, 0.85, 0.4 * n, List.of("agent-1"),
                List.of(new RoundStatus.Failure("agent-2", "timed out")), 0, 0.25);
    }

    void emit(FederationEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    void finishWithModel(String json) {
        model = new ModelFile("pmad-model-run-1.json", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public DashboardState state() {
        return state;
    }

    @Override
    public CompletionStage<ControlResult> start(StartRequest request) {
        starts.add(request);
        return CompletableFuture.completedFuture(startAnswer);
    }

    @Override
    public CompletionStage<ControlResult> stop(String reason) {
        stops.add(reason);
        return CompletableFuture.completedFuture(stopAnswer);
    }

    @Override
    public Optional<ModelFile> finalModel() {
        return Optional.ofNullable(model);
    }

    @Override
    public AutoCloseable subscribe(Consumer<FederationEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
