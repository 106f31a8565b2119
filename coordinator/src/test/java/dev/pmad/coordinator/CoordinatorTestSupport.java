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
    /** The coordinator's transport, whose connection a test can drop and restore. */
    final Link link;

    /**
     * An in-memory transport that also reports connection changes, as XMPP's does, and while down
     * refuses to send as XMPP's does ({@link dev.pmad.transport.TransportException#isNotConnected()}).
     */
    static final class Link implements dev.pmad.transport.Transport {
        private final dev.pmad.transport.Transport inner;
        private volatile Listener listener;
        private volatile boolean up = true;

        Link(dev.pmad.transport.Transport inner) {
            this.inner = inner;
        }

        void connected(boolean up) {
            this.up = up;
            listener.onConnectionChanged(up);
        }

        @Override
        public String address() {
            return inner.address();
        }

        @Override
        public void send(String to, String payload) throws dev.pmad.transport.TransportException {
            if (!up) throw dev.pmad.transport.TransportException.notConnected(address() + " is not connected", null);
            inner.send(to, payload);
        }

        @Override
        public void setListener(Listener listener) {
            this.listener = listener;
            inner.setListener(listener);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    CoordinatorTestSupport(int minAgents, Duration roundTimeout) {
        this(minAgents, roundTimeout, PrivacySettings.NONE);
    }

    CoordinatorTestSupport(int minAgents, Duration roundTimeout, PrivacySettings privacy) {
        this(minAgents, roundTimeout, privacy, 1.0);
    }

    /** Drawing each live agent into a round with probability {@code fraction} (FRACTION_FIT). */
    CoordinatorTestSupport(int minAgents, Duration roundTimeout, PrivacySettings privacy, double fraction) {
        this(minAgents, roundTimeout, privacy, fraction, c -> { });
    }

    /** {@code setup} configures the coordinator before it starts (enrolment, quarantine). */
    CoordinatorTestSupport(int minAgents, Duration roundTimeout, java.util.function.Consumer<Coordinator> setup) {
        this(minAgents, roundTimeout, PrivacySettings.NONE, 1.0, setup);
    }

    private CoordinatorTestSupport(int minAgents, Duration roundTimeout, PrivacySettings privacy, double fraction,
                                   java.util.function.Consumer<Coordinator> setup) {
        this(minAgents, roundTimeout, privacy, fraction, c -> c, setup);
    }

    /** {@code configure} changes the coordinator's settings (secure aggregation, influence bound). */
    static CoordinatorTestSupport configured(int minAgents, Duration roundTimeout,
                                             java.util.function.UnaryOperator<CoordinatorConfig> configure) {
        return new CoordinatorTestSupport(minAgents, roundTimeout, PrivacySettings.NONE, 1.0, configure, c -> { });
    }

    /** As above, with {@code privacy}. */
    static CoordinatorTestSupport configured(int minAgents, Duration roundTimeout, PrivacySettings privacy,
                                             java.util.function.UnaryOperator<CoordinatorConfig> configure) {
        return new CoordinatorTestSupport(minAgents, roundTimeout, privacy, 1.0, configure, c -> { });
    }

    private CoordinatorTestSupport(int minAgents, Duration roundTimeout, PrivacySettings privacy, double fraction,
                                   java.util.function.UnaryOperator<CoordinatorConfig> configure,
                                   java.util.function.Consumer<Coordinator> setup) {
        var config = configure.apply(new CoordinatorConfig(COORDINATOR, FINGERPRINT, SHAPE, 1, minAgents, 3, 100,
                roundTimeout, Duration.ofMinutes(1), Duration.ofSeconds(5), 3, new TrainingParams(1, 0.1, 1, 7), 1.0, privacy)
                .withFraction(fraction));
        link = new Link(network.connect(COORDINATOR));
        coordinator = new Coordinator(config, new Endpoint(link, new MessageCodec()), timers, RandomSources.seededDrbg(1));
        setup.accept(coordinator);
        coordinator.start();
    }

    ScriptedAgent joinedAgent(String id) {
        return joinedAgent(id, 10);
    }

    /** An agent whose JOIN declares {@code samples} training rows. */
    ScriptedAgent joinedAgent(String id, int samples) {
        var agent = new ScriptedAgent(network, id);
        agent.join(FINGERPRINT, samples, STATS);
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
