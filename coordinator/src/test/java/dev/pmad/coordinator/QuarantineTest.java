package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.roster.Quarantine;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.RoundStart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Agents that keep costing rounds sit out (acceptance 3 of issue 15), on a manual clock: the
 * clock moves only when a test says so, so "costs one timeout" is counted, not timed.
 */
class QuarantineTest {
    /** Shorter than the 15 s after which a silent agent counts as lost: the dead agent stays "live". */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private CoordinatorTestSupport fed;

    @AfterEach
    void close() {
        if (fed != null) fed.close();
    }

    @Test
    void agentThatStopsAnswering_costsOneTimeout_thenSitsOut_andTheRunCompletes() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT, c -> { });
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var silent = fed.joinedAgent("silent");
        var done = summary();
        assertTrue(fed.coordinator.startRun(6).get(5, TimeUnit.SECONDS).accepted());

        for (int round = 1; round <= 6; round++) {
            awaitRoundStart(round, a, b);
            if (round == 3) {
                await("the dashboard shows it sitting out").until(() -> fed.coordinator.snapshot().agents().stream()
                        .anyMatch(v -> v.id().equals("silent") && v.state().equals("QUARANTINED")));
            }
            a.update(1, 0, 0, 0);
            b.update(0, 1, 0, 0);
            // The only time the clock moves: round 1 waits for the silent agent until the timeout.
            if (round == 1) {
                await("round 1 waits for the silent agent").until(() -> fed.phase() == Phase.TRAINING);
                fed.timers.advance(TIMEOUT);
            }
            evaluate(round, a, b);
        }
        RunSummary s = done.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(6, s.rounds().size());
        assertEquals(List.of(1, 5, 6), rounds(silent.receivedOf(RoundStart.class)),
                "invited in round 1, sat out rounds 2-4 (QUARANTINE_ROUNDS=3), back on probation from round 5");
        assertEquals(Map.of("silent", 3), s.quarantined());
        assertEquals(List.of("a", "b"), s.rounds().get(4).participants(), "round 5 did not wait for it");
    }

    @Test
    void agentOnProbation_isWaitedFor_onlyWhenQuorumNeedsIt() throws Exception {
        // Straight to probation (no rounds sat out), so that round 2 invites it.
        fed = new CoordinatorTestSupport(2, TIMEOUT, c -> c.useQuarantine(new Quarantine(1, 2, 0)));
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var late = fed.joinedAgent("late");
        var done = summary();
        fed.coordinator.startRun(2).get(5, TimeUnit.SECONDS);

        awaitRoundStart(1, a, b, late);
        a.update(1, 0, 0, 0);
        b.update(0, 1, 0, 0);
        fed.timers.advance(TIMEOUT);
        evaluate(1, a, b);

        awaitRoundStart(2, a, b, late);
        a.update(1, 0, 0, 0);
        b.send(new ErrorMessage(b.lastRoundStart().runId(), 2, "b", ErrorMessage.TRAINING_FAILED, "disk full"));
        // One update is below MIN_AGENTS=2: the round waits for the agent on probation.
        await("b's failure handled").until(() -> fed.coordinator.snapshot().reason().contains("round 2")
                && fed.phase() == Phase.TRAINING);
        late.update(0, 0, 1, 0);
        evaluate(2, a, late);
        RunSummary s = done.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(List.of("a", "late"), s.rounds().get(1).participants());
    }

    @Test
    void agentSendingRejectedUpdates_isNotWaitedFor_andSitsOutAfterTwoRounds() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT, c -> { });
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var bad = fed.joinedAgent("bad");
        var done = summary();
        fed.coordinator.startRun(3).get(5, TimeUnit.SECONDS);

        for (int round = 1; round <= 2; round++) {
            awaitRoundStart(round, a, b, bad);
            bad.update(1, 2, 3); // the model has 4 weights: rejected, and the round stops waiting for it
            a.update(1, 0, 0, 0);
            b.update(0, 1, 0, 0);
            evaluate(round, a, b);
        }
        awaitRoundStart(3, a, b);
        a.update(1, 0, 0, 0);
        b.update(0, 1, 0, 0);
        evaluate(3, a, b);
        RunSummary s = done.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(List.of(1, 2), rounds(bad.receivedOf(RoundStart.class)), "sits out round 3");
        assertEquals(2L, fed.coordinator.rejectedCounts().get("wrong-dimensions"));
        assertEquals(0, fed.timers.nowMillis(), "no round waited for the timeout");
        assertFalse(s.rounds().get(0).participants().contains("bad"));
    }

    @Test
    void roundMissedDuringTheCoordinatorsOwnOutage_quarantinesNobody() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT, c -> { });
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var c = fed.joinedAgent("c");
        var done = summary();
        fed.coordinator.startRun(2).get(5, TimeUnit.SECONDS);
        awaitRoundStart(1, a, b, c);
        a.update(1, 0, 0, 0);
        b.update(0, 1, 0, 0);
        fed.link.connected(false); // c's update would have been lost with our connection
        fed.link.connected(true);
        await("outage noticed").until(() -> fed.coordinator.snapshot().agents().size() == 3);
        fed.timers.advance(TIMEOUT);
        evaluate(1, a, b);
        awaitRoundStart(2, a, b, c);
        a.update(1, 0, 0, 0);
        b.update(0, 1, 0, 0);
        c.update(0, 0, 1, 0);
        evaluate(2, a, b, c);

        RunSummary s = done.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(Map.of(), s.quarantined());
        assertEquals(List.of("a", "b", "c"), s.rounds().get(1).participants());
    }

    @Test
    void quarantine_endsWithTheRun() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT, c -> { });
        var a = fed.joinedAgent("a");
        var b = fed.joinedAgent("b");
        var silent = fed.joinedAgent("silent");
        var first = summary();
        fed.coordinator.startRun(1).get(5, TimeUnit.SECONDS);
        awaitRoundStart(1, a, b);
        a.update(1, 0, 0, 0);
        b.update(0, 1, 0, 0);
        fed.timers.advance(TIMEOUT);
        evaluate(1, a, b);
        assertEquals(Map.of(), first.get(10, TimeUnit.SECONDS).quarantined(), "the run ended before it sat out");
        assertEquals(Phase.COMPLETED, fed.phase());
        assertTrue(fed.coordinator.snapshot().agents().stream().anyMatch(v -> v.id().equals("silent")
                && v.state().equals("READY")), () -> "no longer quarantined: " + fed.coordinator.snapshot().agents());

        fed.coordinator.startRun(1).get(5, TimeUnit.SECONDS);
        await("the next run invites it again").until(() -> silent.receivedOf(RoundStart.class).size() == 2);
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

    private static void awaitRoundStart(int round, ScriptedAgent... agents) {
        for (ScriptedAgent agent : agents) {
            await(agent.id + " in round " + round).until(() -> agent.lastRoundStart() != null
                    && agent.lastRoundStart().round() == round);
        }
    }

    private static void evaluate(int round, ScriptedAgent... agents) {
        for (ScriptedAgent agent : agents) {
            await(agent.id + " asked to evaluate round " + round).until(() -> agent.receivedOf(Evaluate.class).stream()
                    .anyMatch(e -> e.round() == round));
            Evaluate e = agent.receivedOf(Evaluate.class).stream().filter(x -> x.round() == round).findFirst().orElseThrow();
            agent.send(new EvalResult(e.runId(), e.round(), agent.id, List.of(9L, 1L, 0L, 0L), 1.0, 10));
        }
    }

    private static List<Integer> rounds(List<RoundStart> starts) {
        return starts.stream().map(RoundStart::round).toList();
    }
}
