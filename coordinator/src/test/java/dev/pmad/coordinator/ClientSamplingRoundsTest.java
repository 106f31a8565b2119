package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorConfig.PrivacySettings;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Weights;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rounds with client sampling (FRACTION_FIT below 1) through the coordinator's state machine:
 * who gets a ROUND_START, who counts as failed, how MIN_AGENTS bounds the round in each mode, and
 * what central mode charges. The coordinator's generator is seeded here (tests only).
 */
class ClientSamplingRoundsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final double DELTA = 1e-5;
    private CoordinatorTestSupport fed;

    @AfterEach
    void close() {
        if (fed != null) fed.close();
    }

    /** Answers every ROUND_START at once with a fixed delta, and remembers the rounds it was drawn for. */
    private static final class AnsweringAgent {
        final String id;
        final Set<Integer> rounds = ConcurrentHashMap.newKeySet();
        final Map<Integer, RoundStart> starts = new ConcurrentHashMap<>();
        private final Endpoint endpoint;

        AnsweringAgent(CoordinatorTestSupport fed, String id) {
            this.id = id;
            this.endpoint = new Endpoint(fed.network.connect(id), new MessageCodec());
            endpoint.setListener(new Endpoint.Listener() {
                @Override
                public void onMessage(Message message) {
                    if (message instanceof RoundStart start) {
                        rounds.add(start.round());
                        starts.put(start.round(), start);
                        send(new ModelUpdate(start.runId(), start.round(), id, Weights.of(0.1, 0, 0, 0), 10, 0.5, 0, 0.01));
                    }
                }

                @Override
                public void onRejected(String from, String reason, String detail) {
                    throw new AssertionError(id + " got a bad payload: " + detail);
                }
            });
            send(new Join("", 0, id, Join.newIncarnation(), CoordinatorTestSupport.FINGERPRINT, "scripted", 10, 10, CoordinatorTestSupport.STATS));
        }

        private void send(Message m) {
            try {
                endpoint.send(CoordinatorTestSupport.COORDINATOR, m);
            } catch (TransportException e) {
                throw new AssertionError(e);
            }
        }
    }

    private List<AnsweringAgent> answering(int n) {
        var agents = new ArrayList<AnsweringAgent>();
        for (int i = 1; i <= n; i++) agents.add(new AnsweringAgent(fed, String.format("agent-%02d", i)));
        await("all joined").until(() -> fed.coordinator.snapshot().agents().size() == n);
        return agents;
    }

    private RunSummary run(int rounds) throws Exception {
        var done = new CompletableFuture<RunSummary>();
        fed.coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary s) {
                done.complete(s);
            }
        });
        // Starting a central run calibrates its noise under PLD, which at this file's small noise
        // multipliers (z = 0.25 at F = 0.02) takes over a second alone and more on a loaded machine.
        assertTrue(fed.coordinator.startRun(rounds).get(30, TimeUnit.SECONDS).accepted());
        return done.get(30, TimeUnit.SECONDS);
    }

    private void scoreOnHeldOutData() {
        fed.coordinator.useHeldOutEvaluation((global, shape, standardization) ->
                Metrics.fromConfusion(2, new long[] {3, 1, 0, 4}, 2.0, 8));
    }

    /** Who received the ROUND_START of each round. */
    private static Map<Integer, List<String>> drawnPerRound(List<AnsweringAgent> agents, int rounds) {
        var drawn = new TreeMap<Integer, List<String>>();
        for (int r = 1; r <= rounds; r++) {
            var ids = new TreeSet<String>();
            for (AnsweringAgent a : agents) if (a.rounds.contains(r)) ids.add(a.id);
            drawn.put(r, List.copyOf(ids));
        }
        return drawn;
    }

    @Test
    void sampledRounds_startOnlyTheDrawnAgents_listThemAsParticipants_andFailNobodyElse() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT, PrivacySettings.NONE, 0.3);
        scoreOnHeldOutData();
        List<AnsweringAgent> agents = answering(20);
        RunSummary s = run(6);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        Map<Integer, List<String>> drawn = drawnPerRound(agents, 6);
        var distinct = new HashSet<List<String>>();
        int taken = 0;
        for (RoundResult r : s.rounds()) {
            assertEquals(drawn.get(r.round()), r.participants(), "round " + r.round());
            assertTrue(r.failures().isEmpty(), "round " + r.round() + " blamed agents it did not draw: " + r.failures());
            assertTrue(r.participants().size() >= 1, "MIN_AGENTS=1 is the floor");
            distinct.add(r.participants());
            taken += r.participants().size();
        }
        assertEquals(6, distinct.size(), "every round drew other agents: " + drawn);
        // 20 agents x 6 rounds x 0.3 = 36 expected; far from all 120.
        assertTrue(taken > 15 && taken < 60, "participations: " + taken);
        assertEquals(1.0, agents.get(0).starts.values().stream().findFirst().orElseThrow().privacy().samplingRate(),
                "without central DP no sampling rate is counted on");
    }

    @Test
    void shortDraw_isToppedUpToMinAgents_withoutDP() throws Exception {
        fed = new CoordinatorTestSupport(3, TIMEOUT, PrivacySettings.NONE, 0.01);
        scoreOnHeldOutData();
        answering(8);
        RunSummary s = run(4);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        for (RoundResult r : s.rounds()) assertEquals(3, r.participants().size(), "round " + r.round() + ": " + r.participants());
    }

    /** Joins scripted agents, starts a one-round run and returns the agents it drew (all delivered by then). */
    private List<ScriptedAgent> drawnForOneRound(List<String> ids, CompletableFuture<RunSummary> done) throws Exception {
        var agents = new ArrayList<ScriptedAgent>();
        for (String id : ids) agents.add(fed.joinedAgent(id));
        fed.coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary summary) {
                done.complete(summary);
            }
        });
        assertTrue(fed.coordinator.startRun(1).get(5, TimeUnit.SECONDS).accepted());
        // The in-memory network delivers on the sender's thread: in TRAINING every ROUND_START is in.
        fed.awaitPhase(Phase.TRAINING);
        return agents.stream().filter(a -> a.lastRoundStart() != null).toList();
    }

    @Test
    void drawnAgentStayingSilent_isTheRoundsOnlyFailure_andAgentsNotDrawnAreNone() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT, PrivacySettings.NONE, 0.5);
        scoreOnHeldOutData();
        var done = new CompletableFuture<RunSummary>();
        List<ScriptedAgent> drawn = drawnForOneRound(List.of("a", "b", "c", "d", "e", "f", "g", "h"), done);
        assertTrue(drawn.size() >= 2 && drawn.size() < 8, "this seed draws some but not all: " + drawn.size());
        for (ScriptedAgent a : drawn.subList(1, drawn.size())) a.update(1, 0, 0, 0);
        fed.timers.advance(TIMEOUT);
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        RoundResult round = s.rounds().get(0);
        assertEquals(drawn.subList(1, drawn.size()).stream().map(a -> a.id).toList(), round.participants());
        assertEquals(List.of(drawn.get(0).id), round.failures().stream().map(f -> f.agent()).toList());
        assertTrue(round.failures().get(0).reason().contains("ROUND_TIMEOUT"), round.failures().toString());
    }

    @Test
    void sampledRound_belowMinAgentsUpdatesAtTheTimeout_failsTheRunWithoutDP() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT, PrivacySettings.NONE, 0.01);
        var done = new CompletableFuture<RunSummary>();
        List<ScriptedAgent> drawn = drawnForOneRound(List.of("a", "b", "c", "d", "e"), done);
        assertEquals(2, drawn.size(), "topped up to MIN_AGENTS");
        drawn.get(0).update(1, 0, 0, 0);
        fed.timers.advance(TIMEOUT);
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILED, s.outcome());
        assertTrue(s.reason().contains("only 1 updates (MIN_AGENTS is 2)"), s.reason());
        assertTrue(s.reason().contains(drawn.get(1).id), "the silent drawn agent is named: " + s.reason());
    }

    @Test
    void centralMode_drawsArePureButTheRoundsGoOn_evenWithNobodyDrawn() throws Exception {
        var privacy = new PrivacySettings(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, 5, DELTA, 1.0);
        // MIN_AGENTS=3 bounds the live agents only: a draw of fewer, even none, is not topped up.
        fed = new CoordinatorTestSupport(3, TIMEOUT, privacy, 0.02);
        scoreOnHeldOutData();
        List<AnsweringAgent> agents = answering(3);
        RunSummary s = run(5);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        Map<Integer, List<String>> drawn = drawnPerRound(agents, 5);
        int empty = 0;
        for (RoundResult r : s.rounds()) {
            assertEquals(drawn.get(r.round()), r.participants(), "round " + r.round());
            assertTrue(r.failures().isEmpty());
            if (r.participants().isEmpty()) empty++;
        }
        assertTrue(empty >= 4, "at F = 0.02 most rounds draw nobody, and still run: " + drawn);
        assertEquals(5, s.rounds().size());
    }

    @Test
    void centralMode_chargesEveryRoundAsTheSampledDiscreteGaussianAtTheFraction() throws Exception {
        double epsilon = 2;
        double fraction = 0.3;
        int rounds = 6;
        var privacy = new PrivacySettings(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, epsilon, DELTA, 1.0);
        fed = new CoordinatorTestSupport(2, TIMEOUT, privacy, fraction);
        scoreOnHeldOutData();
        List<AnsweringAgent> agents = answering(10);
        RunSummary s = run(rounds);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        double z = PrivacyPlanner.centralNoiseMultiplier(epsilon, DELTA, rounds, fraction);
        assertEquals(z, s.privacy().noiseMultiplier(), 0, "calibrated for the rounds at the sampling rate");
        // Reported with the accountant it was calibrated with: exact discrete noise, so RDP's bound
        // for the discrete Gaussian on a Poisson subsample (WBK 2019 Thm 9; PrivacyPlanner's note),
        // spending the budget.
        var rdp = new RdpAccountant();
        rdp.composeSampledDiscreteGaussian(fraction, z, rounds);
        assertEquals(rdp.epsilon(DELTA), s.privacy().epsilonSpent(), 1e-9 * epsilon);
        assertTrue(s.privacy().epsilonSpent() <= epsilon && s.privacy().epsilonSpent() >= 0.99 * epsilon,
                "spent " + s.privacy().epsilonSpent());
        RoundStart anyStart = agents.stream().flatMap(a -> a.starts.values().stream()).findFirst().orElseThrow();
        assertEquals(fraction, anyStart.privacy().samplingRate(), "drawn agents learn the rate to charge their run with");
    }
}
