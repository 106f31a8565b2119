package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorConfig.PrivacySettings;
import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.secure.SecureAggregationSettings;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.protocol.Blob;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.RingVector;
import dev.pmad.protocol.SealedShare;
import dev.pmad.protocol.SecAggKeys;
import dev.pmad.protocol.SecAggMasked;
import dev.pmad.protocol.SecAggShares;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Secure rounds at the coordinator with the privacy module's real protocol (issue 17): dropouts
 * (acceptance 3) and hostile agents (acceptance 4), on a manual clock so that a step's deadline
 * passes only when a test says so.
 */
class SecureAggregationRoundsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(8);
    /** Each step after the keys waits a quarter of ROUND_TIMEOUT. */
    private static final Duration STEP = TIMEOUT.dividedBy(4);
    private CoordinatorTestSupport fed;
    private int syncs;

    @AfterEach
    void close() {
        if (fed != null) fed.close();
    }

    private void start(int minAgents) {
        fed = CoordinatorTestSupport.configured(minAgents, TIMEOUT, c -> c.withInfluenceBound(InfluenceBound.OFF)
                .withSecureAggregation(new SecureAggregationSettings(true, 0, 48, 0, 10)));
    }

    /** Five agents with 10, 20, 30, 40 and 50 rows: weights 0.2 ... 1 of the largest. */
    private List<SecureAgent> fiveAgents() {
        var agents = new ArrayList<SecureAgent>();
        String[] ids = {"a", "b", "c", "d", "e"};
        for (int i = 0; i < 5; i++) agents.add(new SecureAgent(fed.joinedAgent(ids[i], 10 * (i + 1)), 10 * (i + 1)));
        return agents;
    }

    /** Unit deltas: agent i moves weight i only (agent e moves weight 0 again). */
    private static double[] delta(int i) {
        double[] d = new double[4];
        d[i % 4] = 1;
        return d;
    }

    @Test
    void oneAgentStopsBeforeItsMaskedInput_oneAfter_theRoundCompletesWithTheSurvivorsSum() throws Exception {
        start(3);
        var agents = fiveAgents();
        var done = summary();
        assertTrue(fed.coordinator.startRun(1).get(5, TimeUnit.SECONDS).accepted());
        for (int i = 0; i < 5; i++) agents.get(i).keys(1, delta(i));
        for (SecureAgent a : agents) a.shares();
        // c stops before its masked input; e after it.
        for (SecureAgent a : agents) if (!a.id().equals("c")) a.masked();
        sync(agents.get(0));
        fed.timers.advance(STEP); // the masked step's deadline: c is a dropout
        for (SecureAgent a : agents) if (!a.id().equals("c") && !a.id().equals("e")) a.unmask();
        evaluate(agents.get(0), agents.get(1), agents.get(3), agents.get(4));
        RunSummary s = done.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(List.of("a", "b", "d", "e"), s.rounds().get(0).participants());
        assertTrue(failed(s).contains("c"), s.rounds().get(0).failures().toString());
        // Weights w = rows/50: a 0.2 on weight 0, b 0.4 on 1, d 0.8 on 3, e 1.0 on 0; sum 2.4.
        // Mean: [(0.2 + 1.0) / 2.4, 0.4 / 2.4, 0, 0.8 / 2.4] = [0.5, 1/6, 0, 1/3].
        double[] expected = {0.5, 1.0 / 6, 0, 1.0 / 3};
        double[] actual = s.finalWeights().toArray();
        for (int i = 0; i < 4; i++) assertEquals(expected[i], actual[i], 1e-9, "weight " + i);
    }

    @Test
    void distributedDp_oneAgentDropsBeforeItsMaskedInput_oneAfter_theSurvivorsNoisedMeanIsApplied_atTheFullCharge()
            throws Exception {
        // A budget so large that the noise is far below the deltas: the mean can be read off.
        var privacy = new PrivacySettings(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, 20_000, 1e-5, 1.0);
        fed = CoordinatorTestSupport.configured(3, TIMEOUT, privacy, c -> c.withInfluenceBound(InfluenceBound.OFF)
                .withSecureAggregation(new SecureAggregationSettings(true, 0, 48, 0, 10)));
        var agents = fiveAgents();
        var done = summary();
        assertTrue(fed.coordinator.startRun(1).get(5, TimeUnit.SECONDS).accepted());
        for (int i = 0; i < 5; i++) agents.get(i).keys(1, delta(i));
        for (SecureAgent a : agents) a.shares();
        for (SecureAgent a : agents) if (!a.id().equals("c")) a.masked();
        sync(agents.get(0));
        fed.timers.advance(STEP); // c is a dropout before its input; e will be one after it
        for (SecureAgent a : agents) if (!a.id().equals("c") && !a.id().equals("e")) a.unmask();
        evaluate(agents.get(0), agents.get(1), agents.get(3), agents.get(4));
        RunSummary s = done.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(List.of("a", "b", "d", "e"), s.rounds().get(0).participants());
        assertEquals("ddp-fedavg", s.strategy());
        // Unweighted (rows would leak through weights), over the 4 contributors: a and e on weight 0.
        double[] expected = {0.5, 0.25, 0, 0.25};
        double[] actual = s.finalWeights().toArray();
        // Noise stddev of the mean: z 2C sqrt(4/3) / 4 (4 of t = 3 agents' shares); 0.02 is over 6 of them.
        double z = s.privacy().noiseMultiplier();
        assertTrue(6 * z * 2 * Math.sqrt(4 / 3.0) / 4 < 0.02, "z " + z);
        for (int i = 0; i < 4; i++) assertEquals(expected[i], actual[i], 0.02, "weight " + i);
        // Two dropouts change nothing in the charge: t = 3 agents' noise is in any sum revealed, and
        // the round costs what one discrete Gaussian at the run's z costs (to rounding, KLS 2021 Prop. 14).
        var central = new RdpAccountant();
        central.composeDiscreteGaussian(z, 1);
        assertEquals(central.epsilon(1e-5), s.privacy().epsilonSpent(), 1e-9 * central.epsilon(1e-5));
    }

    @Test
    void tooFewSurvivors_failTheRoundCleanly_sayingWhy() throws Exception {
        start(2);
        var agents = fiveAgents();
        var done = summary();
        assertTrue(fed.coordinator.startRun(1).get(5, TimeUnit.SECONDS).accepted());
        for (int i = 0; i < 5; i++) agents.get(i).keys(1, delta(i));
        for (SecureAgent a : agents) a.shares();
        // Only two of five send masked inputs: the threshold (3) cannot be reached.
        agents.get(0).masked();
        agents.get(1).masked();
        sync(agents.get(0));
        fed.timers.advance(STEP);
        RunSummary s = done.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.FAILED, s.outcome());
        assertTrue(s.reason().contains("secure aggregation cannot finish") && s.reason().contains("BELOW_THRESHOLD"),
                s.reason());
        assertEquals(Phase.FAILED, fed.phase());
    }

    @Test
    void hostileAgent_badShare_replay_wrongRound_changedKey_areRefusedAndCounted_andTheRoundCompletes() throws Exception {
        start(3);
        var agents = fiveAgents();
        var done = summary();
        assertTrue(fed.coordinator.startRun(1).get(5, TimeUnit.SECONDS).accepted());
        SecureAgent hostile = agents.get(4);
        // While the keys are collected: a wrong round, a replay of its own keys and a changed key.
        SecAggKeys own = hostile.keys(1, delta(4));
        SecureAgent a = agents.get(0);
        hostile.send(new SecAggKeys(own.runId(), 2, own.sender(), own.cipherKey(), own.maskKey()));
        hostile.send(own);
        SecAggKeys other = a.keys(1, delta(0));
        hostile.send(new SecAggKeys(own.runId(), 1, own.sender(), other.cipherKey(), own.maskKey()));
        for (int i = 1; i < 4; i++) agents.get(i).keys(1, delta(i));
        for (int i = 0; i < 4; i++) agents.get(i).shares();
        // A bad share: the hostile agent's shares, one cut short.
        SecAggShares honest = hostileShares(hostile);
        var bad = new ArrayList<>(honest.shares());
        SealedShare first = bad.get(0);
        bad.set(0, new SealedShare(first.from(), first.to(), Blob.of(new byte[] {1, 2, 3})));
        hostile.send(new SecAggShares(honest.runId(), honest.round(), honest.sender(), bad));
        sync(agents.get(0));
        // The hostile agent is out; the four others finish the round.
        for (int i = 0; i < 4; i++) agents.get(i).masked();
        // A masked input replayed into the unmask step: refused, and the round goes on.
        sync(a);
        a.send(new SecAggMasked(hostile.start().runId(), 1, "a", RingVector.of(new long[5])));
        for (int i = 0; i < 4; i++) agents.get(i).unmask();
        evaluate(agents.get(0), agents.get(1), agents.get(2), agents.get(3));
        RunSummary s = done.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        assertEquals(List.of("a", "b", "c", "d"), s.rounds().get(0).participants());
        assertTrue(failed(s).contains("e"), s.rounds().get(0).failures().toString());
        Map<String, Long> counts = fed.coordinator.rejectedCounts();
        assertEquals(1L, counts.get("secagg-wrong-round"), counts.toString());
        assertEquals(2L, counts.get("secagg-duplicate"), counts.toString()); // the replayed keys, the changed key
        assertEquals(1L, counts.get("secagg-bad-share"), counts.toString());
        assertEquals(1L, counts.get("secagg-wrong-phase"), counts.toString()); // the replayed masked input
    }

    /** The hostile agent's honest shares, built but not sent. */
    private static SecAggShares hostileShares(SecureAgent hostile) {
        return hostile.sharesWithoutSending();
    }

    /** Returns once the coordinator has handled everything sent so far (delivery is synchronous, handling in order). */
    private void sync(SecureAgent via) {
        syncs++;
        int expected = syncs;
        via.send(new SecAggMasked("sync-" + expected, 1, via.id(), RingVector.of(0L)));
        await("the coordinator caught up").until(() -> fed.coordinator.rejectedCounts().getOrDefault("stale-run", 0L)
                >= expected);
    }

    private static List<String> failed(RunSummary s) {
        return s.rounds().get(0).failures().stream().map(AgentFailure::agent).toList();
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

    private static void evaluate(SecureAgent... agents) {
        for (SecureAgent agent : agents) {
            var scripted = agent.scripted;
            await(agent.id() + " asked to evaluate").until(() -> !scripted.receivedOf(Evaluate.class).isEmpty());
            Evaluate e = scripted.receivedOf(Evaluate.class).get(0);
            scripted.send(new EvalResult(e.runId(), e.round(), agent.id(), List.of(9L, 1L, 0L, 0L), 1.0, 10));
        }
    }
}
