package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorConfig.PrivacySettings;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Start may choose the run's strategy instead of the configured one: that run aggregates with
 * it and reports it, a strategy the coordinator cannot run is refused before anything starts,
 * and the next Start without one goes back to the configured strategy.
 */
class RunStrategyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private CoordinatorTestSupport fed;

    @AfterEach
    void close() {
        if (fed != null) fed.close();
    }

    private StartResult start(int rounds, Strategy strategy) throws Exception {
        return fed.coordinator.startRun(rounds, strategy).get(5, TimeUnit.SECONDS);
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

    /** One round with updates 1, 2 and 4 on the first weight (within the default influence bound); returns the run's summary. */
    private RunSummary oneRound(Strategy strategy, ScriptedAgent... agents) throws Exception {
        var done = summary();
        assertTrue(start(1, strategy).accepted());
        await("round starts").until(() -> List.of(agents).stream().allMatch(a -> a.lastRoundStart() != null
                && a.lastRoundStart().runId().equals(fed.coordinator.snapshot().runId())));
        double[] first = {1, 2, 4};
        for (int i = 0; i < agents.length; i++) agents[i].update(first[i], 0, 0, 0);
        for (ScriptedAgent a : agents) {
            await("evaluate sent to " + a.id).until(() -> a.receivedOf(Evaluate.class).stream()
                    .anyMatch(e -> e.runId().equals(fed.coordinator.snapshot().runId())));
            Evaluate e = a.receivedOf(Evaluate.class).get(a.receivedOf(Evaluate.class).size() - 1);
            a.send(new EvalResult(e.runId(), e.round(), a.id, List.of(1L, 0L, 0L, 1L), 1.0, 2));
        }
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void start_withAnotherStrategy_aggregatesWithIt_andTheNextStartUsesTheConfiguredOne() throws Exception {
        fed = new CoordinatorTestSupport(3, TIMEOUT);
        var started = new CopyOnWriteArrayList<RunStrategy>();
        fed.coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunStarted(String runId, int targetRounds, RunStrategy strategy) {
                started.add(strategy);
            }
        });
        ScriptedAgent[] agents = {fed.joinedAgent("a"), fed.joinedAgent("b"), fed.joinedAgent("c")};
        assertNull(fed.coordinator.snapshot().strategy(), "no run yet");

        RunSummary median = oneRound(Strategies.parse("fedmedian"), agents);
        assertEquals("fedmedian", median.strategy());
        assertArrayEquals(new double[] {2, 0, 0, 0}, median.finalWeights().toArray(), 0, "the median, not the mean");
        assertEquals(new RunStrategy("fedmedian", Map.of()), fed.coordinator.snapshot().strategy());

        RunSummary mean = oneRound(null, agents);
        assertEquals("fedavg", mean.strategy());
        assertArrayEquals(new double[] {7.0 / 3, 0, 0, 0}, mean.finalWeights().toArray(), 1e-12);

        RunSummary trimmed = oneRound(Strategies.parse("fedtrimmedavg", Map.of("beta", "0.34")), agents);
        assertEquals(Map.of("beta", 0.34), trimmed.strategyOptions());
        assertEquals(List.of("fedmedian", "fedavg", "fedtrimmedavg"), started.stream().map(RunStrategy::name).toList());
        assertEquals(0.34, started.get(2).options().get("beta"), 0);
    }

    @Test
    void start_withAStrategyNeedingMoreAgentsThanTheQuorum_isRefusedWithTheReason() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        fed.joinedAgent("a");
        StartResult refused = start(1, Strategies.parse("krum", Map.of("f", "1")));
        assertEquals(StartResult.Kind.INVALID, refused.kind());
        assertTrue(refused.error().contains("needs at least 5 updates") && refused.error().contains("MIN_AGENTS is 2"),
                refused.error());
        assertEquals(Phase.IDLE, fed.phase(), "nothing started");
    }

    @Test
    void start_withAStrategyThePrivacyModeCannotBound_isRefusedWithTheReason() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT, new PrivacySettings(PrivacyMode.LOCAL, NoiseKind.GAUSSIAN, 1, 1e-5, 1));
        fed.joinedAgent("a");
        StartResult refused = start(1, Strategies.parse("newton"));
        assertEquals(StartResult.Kind.INVALID, refused.kind());
        assertTrue(refused.error().contains("newton") && refused.error().contains("local mode"), refused.error());
        assertEquals(Phase.IDLE, fed.phase());
    }

    @Test
    void start_withAnythingButFedavgUnderCentralDp_isRefused() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT, new PrivacySettings(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, 1, 1e-5, 1));
        StartResult refused = start(1, Strategies.parse("fedadam"));
        assertEquals(StartResult.Kind.INVALID, refused.kind());
        assertTrue(refused.error().contains("not available with DP_MODE=central"), refused.error());
        assertTrue(start(1, Strategies.parse("fedavg")).accepted());
    }
}
