package dev.pmad.coordinator.tracking.testing;

import static org.awaitility.Awaitility.await;

import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.CoordinatorConfig.PrivacySettings;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.Phase;
import dev.pmad.coordinator.StartResult;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.ModelArtifactWriter;
import dev.pmad.coordinator.tracking.RunDescription;
import dev.pmad.coordinator.tracking.RunTracker;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.TrackingSink;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import dev.pmad.time.ManualTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link Coordinator} on the in-memory network with {@link AutoAgent}s, so a whole run
 * happens on the coordinator's own threads exactly as in production, with tracking attached.
 * The model is two classes of one feature: weights {@code [w0, b0, w1, b1]}.
 */
public final class TrackedFederation implements AutoCloseable {
    public static final String COORDINATOR = "coordinator";
    public static final String FINGERPRINT = "schema-fingerprint";
    public static final ModelShape SHAPE = new ModelShape(2, 1);
    public static final RunDescription DESCRIPTION = new RunDescription("0.1.0-test", "in-memory", "iid", "data-sha",
            Map.of("seed", "42"));
    /** A stand-in for the agent module's exporter: one small file whose bytes name the run. */
    public static final ModelArtifactWriter MODEL = s -> Map.of("model.bin",
            ("model of " + s.runId()).getBytes(StandardCharsets.UTF_8));
    private static final FeatureStats STATS = new FeatureStats(Weights.of(10), Weights.of(20), Weights.of(50));

    public final List<String> problems = new CopyOnWriteArrayList<>();
    public final List<AutoAgent> agents = new ArrayList<>();
    public final ManualTimers timers = new ManualTimers();
    private final InMemoryNetwork network = new InMemoryNetwork();
    public final Coordinator coordinator;
    private RunTracker tracker;

    public TrackedFederation(int agentCount) {
        this(agentCount, PrivacySettings.NONE);
    }

    public TrackedFederation(int agentCount, PrivacySettings privacy) {
        var config = new CoordinatorConfig(COORDINATOR, FINGERPRINT, SHAPE, 1, agentCount, 3, 100, Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ofSeconds(5), 3, new TrainingParams(1, 0.1, 1, 7), 0.0, privacy);
        coordinator = new Coordinator(config, new Endpoint(network.connect(COORDINATOR), new MessageCodec()), timers,
                RandomSources.seededDrbg(1));
        coordinator.start();
        for (int i = 1; i <= agentCount; i++) {
            var agent = new AutoAgent(network, "agent-" + i, COORDINATOR);
            agent.join(FINGERPRINT, STATS);
            agents.add(agent);
        }
        await("agents acknowledged").until(() -> agents.stream().allMatch(a -> a.acknowledged));
    }

    /** Attaches a tracker with these sinks; problems collect in {@link #problems}. */
    public RunTracker track(TrackingSettings settings, List<TrackingSink> sinks) {
        tracker = RunTracker.attach(coordinator, settings, DESCRIPTION, sinks, MODEL, problems::add);
        return tracker;
    }

    /** Starts a run and waits for its summary. */
    public RunSummary run(int rounds, Duration limit) throws Exception {
        return run(rounds, null, limit);
    }

    /** Starts a run with {@code strategy} (null: the configured one) and waits for its summary. */
    public RunSummary run(int rounds, Strategy strategy, Duration limit) throws Exception {
        CompletableFuture<RunSummary> finished = nextSummary();
        StartResult started = coordinator.startRun(rounds, strategy).get(5, TimeUnit.SECONDS);
        if (!started.accepted()) throw new AssertionError("start refused: " + started.error());
        return finished.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a run whose agents go silent in round 1, then stops it. */
    public RunSummary runAndStop(Duration limit) throws Exception {
        agents.forEach(AutoAgent::goSilent);
        CompletableFuture<RunSummary> finished = nextSummary();
        coordinator.startRun(3).get(5, TimeUnit.SECONDS);
        await("training").atMost(limit).until(() -> coordinator.snapshot().phase() == Phase.TRAINING);
        coordinator.stopRun("stopped by the test").get(5, TimeUnit.SECONDS);
        RunSummary s = finished.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        agents.forEach(AutoAgent::resume);
        return s;
    }

    public CompletableFuture<RunSummary> nextSummary() {
        var done = new CompletableFuture<RunSummary>();
        coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary summary) {
                done.complete(summary);
            }
        });
        return done;
    }

    public String problemsText() {
        return String.join("\n", problems);
    }

    @Override
    public void close() {
        if (tracker != null) tracker.close();
        coordinator.close();
    }
}
