package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.GlobalModel;
import dev.pmad.protocol.Heartbeat;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Stop;
import dev.pmad.protocol.Weights;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoordinatorStateMachineTest {
    /** Shorter than the 15 s after which a silent agent counts as lost, so deadlines fire first. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private CoordinatorTestSupport fed;

    @AfterEach
    void close() {
        if (fed != null) fed.close();
    }

    private StartResult start(int rounds) throws Exception {
        return fed.coordinator.startRun(rounds).get(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<RunSummary> summary() {
        var done = new CompletableFuture<RunSummary>();
        fed.coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary s) {
                done.complete(s);
            }
        });
        return done;
    }

    private static void evaluate(ScriptedAgent agent, long correct, long wrong) {
        Evaluate e = agent.receivedOf(Evaluate.class).get(agent.receivedOf(Evaluate.class).size() - 1);
        agent.send(new EvalResult(e.runId(), e.round(), agent.id, List.of(correct, wrong, 0L, 0L), 1.0, correct + wrong));
    }

    @Test
    void start_withQuorum_sendsRoundStartToEveryAgentAndTrains() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        assertTrue(start(2).accepted());
        fed.awaitPhase(Phase.TRAINING);
        await("round starts").until(() -> a.lastRoundStart() != null && b.lastRoundStart() != null);
        RoundStart rs = a.lastRoundStart();
        assertEquals(1, rs.round());
        assertEquals(2, rs.targetRounds());
        assertEquals(Weights.zeros(4), rs.global());
        // Global standardisation from both agents' counts/sums: mean 4/2 = 2 each, so combined 2.
        assertEquals(2.0, rs.standardization().mean().get(0), 1e-12);
    }

    @Test
    void start_withoutQuorum_waitsInRegistering_thenStartsWhenEnoughJoin() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        fed.joinedAgent("a");
        assertTrue(start(1).accepted());
        fed.awaitPhase(Phase.REGISTERING);
        fed.joinedAgent("b");
        fed.awaitPhase(Phase.TRAINING);
    }

    @Test
    void fullRun_aggregatesWithWeightedFedAvg_evaluates_andCompletes() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var done = summary();
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null && b.lastRoundStart() != null);
        // Both announced 10 samples: FedAvg is the plain mean here.
        b.update(3, 0, 0, 1);
        a.update(1, 2, 0, 1);
        await("evaluate sent").until(() -> !a.receivedOf(Evaluate.class).isEmpty() && !b.receivedOf(Evaluate.class).isEmpty());
        assertArrayEquals(new double[] {2, 1, 0, 1}, a.receivedOf(Evaluate.class).get(0).global().toArray(), 0);
        evaluate(a, 9, 1);
        evaluate(b, 8, 2);
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome());
        assertEquals(Phase.COMPLETED, fed.phase());
        assertEquals(0.85, s.finalMetrics().accuracy(), 1e-12);
        assertEquals(List.of("a", "b"), s.rounds().get(0).participants());
        await("final model").until(() -> !a.receivedOf(GlobalModel.class).isEmpty());
        assertArrayEquals(new double[] {2, 1, 0, 1}, a.receivedOf(GlobalModel.class).get(0).weights().toArray(), 0);
    }

    @Test
    void onDeadline_belowQuorum_movesToFailed() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var done = summary();
        start(3);
        await("round starts").until(() -> a.lastRoundStart() != null && b.lastRoundStart() != null);
        a.update(1, 1, 1, 1);
        fed.timers.advance(TIMEOUT);
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILED, s.outcome());
        assertTrue(s.reason().contains("only 1 updates"), s.reason());
        assertEquals(Phase.FAILED, fed.phase());
        await("stop sent").until(() -> !b.receivedOf(Stop.class).isEmpty());
    }

    @Test
    void roundFailingForManyAgents_endsWithAShortReason_countingThemAndNamingAFew() throws Exception {
        fed = new CoordinatorTestSupport(50, TIMEOUT);
        var agents = new java.util.ArrayList<ScriptedAgent>();
        for (int i = 0; i < 50; i++) agents.add(fed.joinedAgent(String.format("agent-%02d", i)));
        var done = summary();
        start(1);
        await("round starts").until(() -> agents.stream().allMatch(a -> a.lastRoundStart() != null));
        agents.get(0).update(1, 1, 1, 1);
        fed.timers.advance(TIMEOUT);
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals("round 1: only 1 updates (MIN_AGENTS is 50); 49 of 50 agents failed: agent-01, agent-02, agent-03"
                + " and 46 more (no update within ROUND_TIMEOUT=10 s)", s.reason());
    }

    @Test
    void onDeadline_withQuorum_closesRoundWithoutTheSilentAgent() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var c = fed.joinedAgent("c");
        var done = summary();
        start(1);
        await("round starts").until(() -> c.lastRoundStart() != null);
        a.update(1, 0, 0, 0);
        b.update(3, 0, 0, 0);
        fed.timers.advance(TIMEOUT);
        await("evaluate sent").until(() -> !a.receivedOf(Evaluate.class).isEmpty() && !b.receivedOf(Evaluate.class).isEmpty());
        assertArrayEquals(new double[] {2, 0, 0, 0}, a.receivedOf(Evaluate.class).get(0).global().toArray(), 0);
        // Only agents whose update is in the model score it: c trained nothing this round.
        assertTrue(c.receivedOf(Evaluate.class).isEmpty(), "c was asked to evaluate a round it took no part in");
        evaluate(a, 1, 0);
        evaluate(b, 1, 0);
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome());
        assertEquals(List.of("a", "b"), s.rounds().get(0).participants());
        assertEquals("c", s.rounds().get(0).failures().get(0).agent());
        assertTrue(s.rounds().get(0).failures().get(0).reason().contains("ROUND_TIMEOUT"));
    }

    @Test
    void lateUpdateAfterTimeout_isIgnoredAndCounted() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        start(1);
        await("round starts").until(() -> b.lastRoundStart() != null);
        a.update(1, 0, 0, 0);
        a.update(5, 0, 0, 0);
        await("duplicate counted").until(() -> fed.coordinator.rejectedCounts().getOrDefault("duplicate", 0L) == 1);
        fed.timers.advance(TIMEOUT);
        await("evaluating").until(() -> fed.phase() == Phase.EVALUATING);
        b.update(9, 9, 9, 9);
        await("late counted").until(() -> fed.coordinator.rejectedCounts().getOrDefault("late", 0L) == 1);
        assertArrayEquals(new double[] {1, 0, 0, 0}, a.receivedOf(Evaluate.class).get(0).global().toArray(), 0);
    }

    @Test
    void updateWithWrongDimensions_isDroppedAndCounted_andTheRoundStopsWaitingForIt() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null && b.lastRoundStart() != null);
        a.update(1, 2, 3);
        await("dropped").until(() -> fed.coordinator.rejectedCounts().getOrDefault("wrong-dimensions", 0L) == 1);
        assertEquals(Phase.TRAINING, fed.phase(), "still waiting for b");
        b.update(1, 0, 0, 0);
        // No timeout: a's round already failed, so the round closes with b's update.
        await("evaluating").until(() -> fed.phase() == Phase.EVALUATING);
        assertEquals(0, fed.timers.nowMillis());
    }

    @Test
    void updateForAnotherRun_isDroppedAsStale() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var a = fed.joinedAgent("a");
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null);
        a.send(new ModelUpdate("some-old-run", 1, "a", Weights.zeros(4), 10, 0.1, 0, 0));
        await("dropped").until(() -> fed.coordinator.rejectedCounts().getOrDefault("stale-run", 0L) == 1);
        assertEquals(Phase.TRAINING, fed.phase());
    }

    @Test
    void join_withAnotherSchema_isRefused() {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var rogue = new ScriptedAgent(fed.network, "rogue");
        rogue.join("other-fingerprint", 10, CoordinatorTestSupport.STATS);
        await("ack").until(() -> !rogue.received.isEmpty());
        JoinAck ack = rogue.receivedOf(JoinAck.class).get(0);
        assertFalse(ack.accepted());
        assertTrue(ack.reason().contains("schema mismatch"), ack.reason());
        assertTrue(fed.coordinator.snapshot().agents().isEmpty());
    }

    @Test
    void messageFromUnknownSender_isDroppedAndAskedToRejoin() {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var stranger = new ScriptedAgent(fed.network, "stranger");
        stranger.send(new Heartbeat("", 0, "stranger", "READY"));
        await("answer").until(() -> !stranger.received.isEmpty());
        JoinAck ack = stranger.receivedOf(JoinAck.class).get(0);
        assertFalse(ack.accepted());
        assertTrue(ack.reason().startsWith(JoinAck.REJOIN));
        assertEquals(1L, fed.coordinator.rejectedCounts().get("unknown-sender"));
    }

    @Test
    void registration_withoutQuorum_failsAtTheRegistrationTimeout() throws Exception {
        fed = new CoordinatorTestSupport(3, TIMEOUT);
        fed.joinedAgent("a");
        var done = summary();
        start(1);
        fed.awaitPhase(Phase.REGISTERING);
        fed.timers.advance(Duration.ofMinutes(1));
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILED, s.outcome());
        assertTrue(s.reason().contains("MIN_AGENTS=3"), s.reason());
    }

    @Test
    void stop_whileRunning_movesToStopped_andStopWhileIdleConflicts() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var a = fed.joinedAgent("a");
        assertEquals(StartResult.Kind.CONFLICT, fed.coordinator.stopRun("user").get().kind());
        var done = summary();
        start(5);
        await("round starts").until(() -> a.lastRoundStart() != null);
        assertTrue(fed.coordinator.stopRun("user asked").get().accepted());
        assertEquals(Outcome.STOPPED, done.get(10, TimeUnit.SECONDS).outcome());
        assertEquals(Phase.STOPPED, fed.phase());
        await("agent told").until(() -> !a.receivedOf(Stop.class).isEmpty());
        // A stopped run can be followed by a new one.
        assertTrue(start(1).accepted());
    }

    @Test
    void start_whileRunning_conflicts_andInvalidRoundsAreRefused() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        fed.joinedAgent("a");
        assertEquals(StartResult.Kind.INVALID, start(0).kind());
        assertEquals(StartResult.Kind.INVALID, start(101).kind());
        assertTrue(start(2).accepted());
        StartResult again = start(2);
        assertEquals(StartResult.Kind.CONFLICT, again.kind());
        assertTrue(again.error().contains("already in progress"));
    }

    @Test
    void coordinatorsOwnOutage_isNotBlamedOnTheAgents_whoGetAGracePeriodAfterwards() throws Exception {
        fed = new CoordinatorTestSupport(1, Duration.ofHours(1));
        var events = new java.util.concurrent.CopyOnWriteArrayList<String>();
        fed.coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onEvent(String level, String message) {
                events.add(message);
            }
        });
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null && b.lastRoundStart() != null);
        fed.link.connected(false);
        // 30 s without a word from anyone: twice the 15 s after which an agent counts as lost.
        fed.timers.advance(Duration.ofSeconds(30));
        fed.link.connected(true);
        await("reconnection handled").until(() -> events.stream().anyMatch(e -> e.startsWith("coordinator reconnected")));
        assertTrue(fed.coordinator.snapshot().agents().stream().noneMatch(v -> v.state().equals("LOST")),
                "an agent was blamed for the coordinator's outage: " + fed.coordinator.snapshot().agents());
        assertEquals(Phase.TRAINING, fed.phase());
        // Agents get about as long as the outage to come back (30 s), then the usual 15 s.
        fed.timers.advance(Duration.ofSeconds(40));
        awaitIdle();
        assertTrue(fed.coordinator.snapshot().agents().stream().noneMatch(v -> v.state().equals("LOST")),
                "lost within the grace period: " + fed.coordinator.snapshot().agents());
        // After the grace period, silence is the agents' own again.
        fed.timers.advance(Duration.ofSeconds(10));
        await("silent agents lost after the grace period").until(() -> fed.coordinator.snapshot().agents().stream()
                .allMatch(v -> v.state().equals("LOST")));
    }

    @Test
    void coordinatorsOutageInTraining_redoesTheRoundForTheAgentsStillAwaited_andTheRoundCompletesWithoutFailures()
            throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        var done = summary();
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null && b.lastRoundStart() != null);
        RoundStart first = b.lastRoundStart();
        a.update(1, 1, 1, 1);
        fed.timers.advance(Duration.ofSeconds(6));
        fed.link.connected(false);
        // b's update went into the outage and is lost. The round's deadline passes meanwhile.
        fed.timers.advance(Duration.ofSeconds(6));
        awaitIdle();
        assertEquals(Phase.TRAINING, fed.phase(), "the round waits for the coordinator to be back");
        fed.link.connected(true);
        awaitIdle();
        assertEquals(1, b.receivedOf(RoundStart.class).size(), "sent again only once b is heard from");
        b.send(new Heartbeat("", 1, "b", "TRAINING"));
        awaitIdle();
        assertEquals(1, b.receivedOf(RoundStart.class).size(), "not while b says it is training: its answer is coming");
        b.send(new Heartbeat("", 1, "b", "READY"));
        await("ROUND_START sent again").until(() -> b.receivedOf(RoundStart.class).size() == 2);
        assertEquals(first, b.lastRoundStart(), "word for word, so b answers with the update it gave");
        assertEquals(1, a.receivedOf(RoundStart.class).size(), "a's update had arrived: nothing owed to a");
        b.update(1, 1, 1, 1);
        fed.awaitPhase(Phase.EVALUATING);
        evaluate(a, 5, 0);
        evaluate(b, 5, 0);
        RunSummary s = done.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(List.of(), s.rounds().get(0).failures());
        assertEquals(List.of("a", "b"), s.rounds().get(0).participants());
    }

    @Test
    void evaluationRequestsLostInTheCoordinatorsOutage_areSentAgainOnceTheAgentIsHeardFrom() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var done = summary();
        var a = fed.joinedAgent("a");
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null);
        fed.link.connected(false);
        a.update(1, 1, 1, 1); // arrives: the coordinator's sends, not its receipts, are cut here
        fed.awaitPhase(Phase.EVALUATING);
        assertEquals(List.of(), a.receivedOf(Evaluate.class), "the EVALUATE could not go out");
        fed.link.connected(true);
        a.send(new Heartbeat("", 1, "a", "READY"));
        await("EVALUATE sent once a is heard from").until(() -> a.receivedOf(Evaluate.class).size() == 1);
        evaluate(a, 5, 0);
        RunSummary s = done.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(5, s.rounds().get(0).metrics().n());
    }

    @Test
    void coordinatorsOutageLongerThanTheRoundTimeout_failsTheRun_sayingTheOutageWasTheCoordinators() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var done = summary();
        var a = fed.joinedAgent("a");
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null);
        fed.link.connected(false);
        fed.timers.advance(TIMEOUT.multipliedBy(2));
        RunSummary s = done.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILED, s.outcome());
        assertTrue(s.reason().startsWith("the coordinator has been cut off from the XMPP server for ")
                && s.reason().contains(" s, longer than ROUND_TIMEOUT=10 s"), s.reason());
        assertTrue(fed.coordinator.snapshot().agents().stream().noneMatch(v -> v.state().equals("LOST")));
    }

    /**
     * Waits until the coordinator's loop has handled everything submitted so far: a start of 0
     * rounds is refused in every phase and changes nothing.
     */
    private void awaitIdle() throws Exception {
        assertFalse(fed.coordinator.startRun(0).get(5, TimeUnit.SECONDS).accepted());
    }

    @Test
    void silentAgent_isMarkedLost_andNoLongerAwaited() throws Exception {
        fed = new CoordinatorTestSupport(1, Duration.ofHours(1));
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        start(1);
        await("round starts").until(() -> b.lastRoundStart() != null);
        a.update(1, 1, 1, 1);
        // Heartbeats every 5 s, lost after 3 missed: a keeps talking, b is silent.
        for (int i = 0; i < 4; i++) {
            a.send(new Heartbeat("", 1, "a", "TRAINING"));
            await("heartbeat seen").until(() -> fed.coordinator.snapshot().agents().stream()
                    .anyMatch(v -> v.id().equals("a") && v.millisSinceSeen() == 0));
            fed.timers.advance(Duration.ofSeconds(5));
        }
        await("b lost and round closed").until(() -> fed.phase() == Phase.EVALUATING);
        assertTrue(fed.coordinator.snapshot().agents().stream().anyMatch(v -> v.id().equals("b") && v.state().equals("LOST")));
    }

    @Test
    void agentOutOfBudget_stopsTheRunWithTheReason() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var a = fed.joinedAgent("a");
        var done = summary();
        start(2);
        await("round starts").until(() -> a.lastRoundStart() != null);
        RoundStart rs = a.lastRoundStart();
        a.send(new ErrorMessage(rs.runId(), 1, "a", ErrorMessage.BUDGET_EXHAUSTED, "epsilon would exceed 1.0"));
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILED, s.outcome());
        assertTrue(s.reason().contains("privacy budget exhausted at agent a"), s.reason());
        assertNotNull(s.finalWeights());
    }

    @Test
    void withHeldOutData_theCoordinatorScoresEachRoundItself_andAsksNoAgentToEvaluate() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        var seen = new java.util.concurrent.CopyOnWriteArrayList<double[]>();
        fed.coordinator.useHeldOutEvaluation((global, shape, standardization) -> {
            seen.add(global);
            return dev.pmad.coordinator.evaluation.Metrics.fromConfusion(2, new long[] {3, 1, 0, 4}, 2.0, 8);
        });
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var done = summary();
        start(2);
        for (int r = 1; r <= 2; r++) {
            int round = r;
            await("round " + r + " starts").until(() -> a.lastRoundStart() != null && a.lastRoundStart().round() == round
                    && b.lastRoundStart() != null && b.lastRoundStart().round() == round);
            a.update(1, 1, 0, 0);
            b.update(1, 3, 0, 0);
        }
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(2, seen.size(), "one held-out evaluation per round");
        assertEquals(0.875, s.finalMetrics().accuracy(), 1e-12);
        assertTrue(a.receivedOf(Evaluate.class).isEmpty() && b.receivedOf(Evaluate.class).isEmpty(), "agents were asked to evaluate");
    }

    @Test
    void agentRefusingUnderItsPolicy_stopsTheRunWithItsReason() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT);
        var a = fed.joinedAgent("a");
        var done = summary();
        start(2);
        await("round starts").until(() -> a.lastRoundStart() != null);
        RoundStart rs = a.lastRoundStart();
        a.send(new ErrorMessage(rs.runId(), 1, "a", ErrorMessage.POLICY_REFUSED, "mode central is not in AGENT_DP_MODES=record"));
        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILED, s.outcome());
        assertTrue(s.reason().contains("agent a refuses round 1 under its owner's privacy policy"), s.reason());
        assertTrue(s.reason().contains("AGENT_DP_MODES=record"), s.reason());
    }

    @Test
    void joinResentMidRound_isAcknowledgedAgainWithTheSameAnswer_andTheAgentKeepsItsRound() throws Exception {
        fed = new CoordinatorTestSupport(2, Duration.ofHours(1));
        var a = fed.joinedAgent("a"); // acknowledged before any run: its acknowledgement names none
        var b = fed.joinedAgent("b");
        start(1);
        await("round starts").until(() -> a.lastRoundStart() != null && b.lastRoundStart() != null);
        // a's first acknowledgement was late, so a sent its JOIN again; the resend arrives mid-round.
        a.join(CoordinatorTestSupport.FINGERPRINT, 10, CoordinatorTestSupport.STATS);
        await("acknowledged again").until(() -> a.receivedOf(JoinAck.class).size() == 2);
        assertEquals(a.receivedOf(JoinAck.class).get(0), a.receivedOf(JoinAck.class).get(1));
        assertEquals(Phase.TRAINING, fed.phase());

        a.update(1, 0, 0, 0);
        b.update(3, 0, 0, 0);
        await("both updates aggregated").until(() -> !a.receivedOf(Evaluate.class).isEmpty());
        assertArrayEquals(new double[] {2, 0, 0, 0}, a.receivedOf(Evaluate.class).get(0).global().toArray(), 0);
        assertEquals(java.util.Map.of(), fed.coordinator.rejectedCounts(), "nothing a or b sent was dropped");
    }

    @Test
    void restartedAgent_rejoiningMidRound_isNotAwaited_andTakesPartNextRound() throws Exception {
        fed = new CoordinatorTestSupport(1, Duration.ofHours(1));
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        start(2);
        await("round starts").until(() -> b.lastRoundStart() != null);
        a.update(1, 0, 0, 0);
        b.restart();
        b.join(CoordinatorTestSupport.FINGERPRINT, 10, CoordinatorTestSupport.STATS);
        await("round 1 closed").until(() -> !a.receivedOf(Evaluate.class).isEmpty());
        assertTrue(b.receivedOf(Evaluate.class).isEmpty(), "b lost its round when it restarted, so it scores nothing");
        evaluate(a, 1, 0);
        await("round 2 reaches b").until(() -> b.lastRoundStart() != null && b.lastRoundStart().round() == 2);
    }
}
