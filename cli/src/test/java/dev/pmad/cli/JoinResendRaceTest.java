package dev.pmad.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.Agent;
import dev.pmad.agent.AgentConfig;
import dev.pmad.agent.hostile.WireTap;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.time.ManualTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.ForwardingTransport;
import dev.pmad.transport.InMemoryNetwork;
import dev.pmad.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JOIN-resend race of a loaded coordinator, replayed with a manual clock and real agents: the
 * agents' first JOINs wait in the coordinator's backlog for longer than the agents' JOIN retry
 * interval, so every agent sends its JOIN again; the coordinator then reads all of them, the
 * resends after it acknowledged the first JOINs and started the round. A resend is not a restart,
 * so it must not cost the agent its round.
 */
class JoinResendRaceTest {
    private static final Duration JOIN_RETRY = Duration.ofSeconds(5); // AgentConfig.of's interval

    @TempDir Path ledgers;
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final ManualTimers timers = new ManualTimers();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    @Test
    void joinResentBeforeALateAcknowledgement_isNotTakenForARestart_andTheRunCompletes() throws Exception {
        PreparedData data = PreparedData.load(dataOptions(2));
        var config = Federation.config(data, trainingOptions(1), noPrivacy(), 42, Duration.ofHours(1));
        var backlog = new Backlog(network.connect(config.address()));
        var codec = new MessageCodec();
        var coordinator = new Coordinator(config, new Endpoint(backlog, codec), timers, RandomSources.secureRandom());
        open.add(coordinator);
        coordinator.useHeldOutEvaluation(HeldOutData.union(data.schema(), data.agents()));
        var finished = new CompletableFuture<RunSummary>();
        coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary summary) {
                finished.complete(summary);
            }
        });
        coordinator.start();
        assertTrue(coordinator.startRun(1).get(10, TimeUnit.SECONDS).accepted());

        var taps = new ArrayList<WireTap>();
        for (int i = 0; i < data.agents().size(); i++) {
            String id = PreparedData.agentId(i);
            var tap = new WireTap(network.connect(id));
            taps.add(tap);
            var agentConfig = AgentConfig.of(id, config.address(), AgentPolicy.simulation(PrivacyMode.NONE, 0, 1e-5),
                    ledgers.resolve(id + ".ledger.json"));
            var agent = new Agent(agentConfig, data.agents().get(i), TrainerFactory.tribuo(), new Endpoint(tap, codec), timers);
            open.add(agent);
            agent.start();
        }
        // The coordinator is busy: the first JOINs wait, unread, past the agents' retry interval.
        await("first JOINs in the backlog").until(() -> backlog.held() == taps.size());
        timers.advance(JOIN_RETRY);
        await("resent JOINs in the backlog").until(() -> backlog.held() == 2 * taps.size());
        // The coordinator catches up: it acknowledges the first JOINs, the quorum starts round 1,
        // and only then does it read the resends.
        backlog.release();

        RunSummary summary = finished.get(60, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
        assertEquals(List.of(PreparedData.agentId(0), PreparedData.agentId(1)), summary.rounds().get(0).participants());
        assertEquals(List.of(), summary.rounds().get(0).failures());
        for (WireTap tap : taps) {
            List<Join> joins = tap.of(Join.class);
            assertEquals(2, joins.size(), tap.address() + " JOINs");
            assertEquals(joins.get(0).incarnation(), joins.get(1).incarnation(), tap.address() + " resent, not restarted");
        }
    }

    /** The coordinator's inbox under load: payloads wait, in order, until {@link #release()}. */
    private static final class Backlog extends ForwardingTransport {
        private final List<Runnable> held = new ArrayList<>();
        private boolean holding = true;

        Backlog(Transport inner) {
            super(inner);
        }

        synchronized int held() {
            return held.size();
        }

        /** Delivers what waited, in arrival order, and everything after it at once. */
        synchronized void release() {
            holding = false;
            held.forEach(Runnable::run);
            held.clear();
        }

        @Override
        protected void receive(Listener listener, String from, String payload) {
            synchronized (this) {
                if (holding) {
                    held.add(() -> listener.onPayload(from, payload));
                    return;
                }
            }
            listener.onPayload(from, payload);
        }
    }

    private static DataOptions dataOptions(int agents) {
        var options = new DataOptions();
        options.data = Path.of(CliRunner.breastCancer());
        options.label = "label";
        options.agents = agents;
        options.partition = "iid";
        options.seed = 42;
        options.testFraction = 0.2;
        return options;
    }

    private static TrainingOptions trainingOptions(int rounds) {
        var training = new TrainingOptions();
        training.rounds = rounds;
        training.epochs = 1;
        training.learningRate = 0.05;
        return training;
    }

    private static PrivacyOptions noPrivacy() {
        var privacy = new PrivacyOptions();
        privacy.mode = "none";
        privacy.epsilon = 0;
        privacy.delta = 1e-5;
        privacy.clip = "1.0";
        privacy.noise = "gaussian";
        return privacy;
    }
}
