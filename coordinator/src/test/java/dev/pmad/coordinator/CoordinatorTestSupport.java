package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;

import dev.pmad.coordinator.CoordinatorConfig.PrivacySettings;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import dev.pmad.time.ManualTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import java.time.Duration;

/** A coordinator on an in-memory network with a manual clock, and helpers to drive it. */
final class CoordinatorTestSupport implements AutoCloseable {
    static final String COORDINATOR = "coordinator";
    static final String FINGERPRINT = "schema-fingerprint";
    /** Two classes, one feature: weights are [w0, b0, w1, b1]. */
    static final ModelShape SHAPE = new ModelShape(2, 1);
    static final FeatureStats STATS = new FeatureStats(Weights.of(2), Weights.of(4), Weights.of(10));

    final InMemoryNetwork network = new InMemoryNetwork();
    final ManualTimers timers = new ManualTimers();
    final Coordinator coordinator;

    CoordinatorTestSupport(int minAgents, Duration roundTimeout) {
        this(minAgents, roundTimeout, PrivacySettings.NONE);
    }

    CoordinatorTestSupport(int minAgents, Duration roundTimeout, PrivacySettings privacy) {
        var config = new CoordinatorConfig(COORDINATOR, FINGERPRINT, SHAPE, 1, minAgents, 3, 100, roundTimeout,
                Duration.ofMinutes(1), Duration.ofSeconds(5), 3, new TrainingParams(1, 0.1, 1, 7), 1.0, privacy);
        coordinator = new Coordinator(config, new Endpoint(network.connect(COORDINATOR), new MessageCodec()), timers,
                RandomSources.seededDrbg(1));
        coordinator.start();
    }

    ScriptedAgent joinedAgent(String id) {
        var agent = new ScriptedAgent(network, id);
        agent.join(FINGERPRINT, 10, STATS);
        await(id + " acknowledged").until(() -> !agent.received.isEmpty());
        return agent;
    }

    Phase phase() {
        return coordinator.snapshot().phase();
    }

    void awaitPhase(Phase phase) {
        await("phase " + phase + " (now " + phase() + ")").until(() -> phase() == phase);
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
