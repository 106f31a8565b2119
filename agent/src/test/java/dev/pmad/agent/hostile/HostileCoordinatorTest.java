package dev.pmad.agent.hostile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.Agent;
import dev.pmad.agent.AgentConfig;
import dev.pmad.agent.AgentState;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.agent.privacy.PrivacyLedger;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import dev.pmad.time.ManualTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator that attacks its agent, one way per test, on the in-memory network: the agent
 * must refuse before computing anything on its data, and the wire tap on the agent's transport
 * shows that nothing it should not release leaves it. Each test names the attack.
 */
class HostileCoordinatorTest {
    private static final String AGENT = "agent-1";
    private static final double DELTA = 1e-5;
    private static final TrainingParams TRAINING = new TrainingParams(1, 0.1, 64, 42);
    private static final Schema SCHEMA = SchemaInference.infer(List.of(RepoData.file(RepoData.BREAST_CANCER)), "label");
    private static final LocalData DATA = data();
    private static final ModelShape SHAPE = new ModelShape(SCHEMA.classes().size(), SCHEMA.encodedWidth());

    @TempDir Path dir;
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final ManualTimers timers = new ManualTimers();
    private final List<AutoCloseable> open = new ArrayList<>();
    private WireTap tap;
    private ScriptedCoordinator coordinator;

    private static LocalData data() {
        Table all = CsvLoader.load(RepoData.file(RepoData.BREAST_CANCER), SCHEMA);
        int[] rows = new int[all.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        int[][] split = Partitioner.trainTest(rows, 0.2, 42, 0);
        return new LocalData(SCHEMA, all.select(split[0]), all.select(split[1]));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private static AgentPolicy policy(Set<PrivacyMode> modes, double lifetime) {
        return new AgentPolicy(modes, lifetime, DELTA, 1.0, 0, 20, false);
    }

    /** Starts an agent under {@code policy} (its ledger in this test's directory) and accepts its JOIN. */
    private Agent joined(AgentPolicy policy) {
        if (coordinator == null) {
            coordinator = new ScriptedCoordinator(network.connect("coordinator"), AGENT);
            open.add(coordinator);
        }
        coordinator.received.clear();
        tap = new WireTap(network.connect(AGENT));
        var config = new AgentConfig(AGENT, "coordinator", Duration.ofSeconds(5), Duration.ofSeconds(5), policy,
                dir.resolve("agent-1.ledger.json"), false);
        Agent agent = new Agent(config, DATA, TrainerFactory.tribuo(), new Endpoint(tap, new MessageCodec()), timers);
        open.add(agent);
        agent.start();
        coordinator.acceptJoin(SHAPE);
        await().atMost(ScriptedCoordinator.WAIT).until(() -> agent.state() == AgentState.READY);
        return agent;
    }

    private static PrivacyParams local(double epsilon, int rounds) {
        return new PrivacyParams("local", "gaussian", 1.0, z(epsilon, rounds), epsilon, DELTA);
    }

    private static double z(double epsilon, int rounds) {
        return PrivacyPlanner.noiseMultiplier(PrivacyMode.LOCAL, NoiseKind.GAUSSIAN, epsilon, DELTA, rounds, 1, 1, 1);
    }

    private static Weights zeros() {
        return Weights.zeros(SHAPE.size());
    }

    private static void assertRefused(Message answer, String code, String reasonPart) {
        ErrorMessage error = assertInstanceOf(ErrorMessage.class, answer, "expected a refusal, got " + answer);
        assertEquals(code, error.code(), error.detail());
        assertTrue(error.detail().contains(reasonPart), error.detail());
    }

    private long updatesOnTheWire() {
        return tap.of(ModelUpdate.class).size();
    }

    @Test
    void newRunIdEveryRound_isBoundByTheLifetimeBudget_notResetByEachRun() {
        // Each run ends properly here; newRunIdEveryRound_withoutStops below does the same without them.
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 1.2));
        int accepted = 0;
        for (int r = 1; r <= 100; r++) {
            String run = "run-" + r;
            if (coordinator.round(run, 1, 1, zeros(), TRAINING, local(1, 1)) instanceof ModelUpdate) accepted++;
            coordinator.stop(run, 1); // each run ends properly, so only the budget can refuse the next
        }
        assertEquals(1, accepted, "runs accepted out of 100, each planning epsilon 1 within a lifetime of 1.2");
        assertEquals(1, updatesOnTheWire());
    }

    @Test
    void newRunIdEveryRound_withoutStops_isBoundByTheLifetimeBudget() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 1.2));
        int accepted = 0;
        for (int r = 1; r <= 100; r++) {
            // No STOP: each first round of a new run is judged on its own, and only the budget refuses it.
            if (coordinator.round("run-" + r, 1, 1, zeros(), TRAINING, local(1, 1)) instanceof ModelUpdate) accepted++;
        }
        assertEquals(1, accepted, "runs accepted out of 100, each planning epsilon 1 within a lifetime of 1.2");
        assertEquals(1, updatesOnTheWire());
    }

    @Test
    void runIdSwitchMidRun_isRefused() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        assertInstanceOf(ModelUpdate.class, coordinator.round("run-a", 1, 5, zeros(), TRAINING, local(1, 5)));
        assertRefused(coordinator.round("run-b", 2, 5, zeros(), TRAINING, local(1, 5)), ErrorMessage.POLICY_REFUSED,
                "a run id may not change mid-run");
        assertEquals(1, updatesOnTheWire());
    }

    @Test
    void newRunAtRoundOne_whileTheLastRunsStopWasLost_isJudgedAsANewRun() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        assertInstanceOf(ModelUpdate.class, coordinator.round("run-a", 1, 5, zeros(), TRAINING, local(1, 5)));
        // No STOP for run-a (lost with a connection): run-b's first round is a new run, within the lifetime budget.
        assertInstanceOf(ModelUpdate.class, coordinator.round("run-b", 1, 5, zeros(), TRAINING, local(1, 5)));
        // and run-a cannot come back.
        assertRefused(coordinator.round("run-a", 2, 5, zeros(), TRAINING, local(1, 5)), ErrorMessage.POLICY_REFUSED,
                "a run id may not change mid-run");
    }

    @Test
    void agentRestartBetweenRuns_keepsWhatItSpent_andResendsTheSameStatistics() throws Exception {
        Agent first = joined(policy(EnumSet.of(PrivacyMode.LOCAL), 1.2));
        Join firstJoin = tap.of(Join.class).get(0);
        assertInstanceOf(ModelUpdate.class, coordinator.round("run-a", 1, 1, zeros(), TRAINING, local(1, 1)));
        coordinator.stop("run-a", 1);
        first.close();
        open.remove(first);

        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 1.2)); // a new process on the same ledger
        Join secondJoin = tap.of(Join.class).get(0);
        assertEquals(firstJoin.stats(), secondJoin.stats(), "a restart re-sends the kept noised statistics, not fresh noise");
        assertEquals(firstJoin.trainSamples(), secondJoin.trainSamples());
        assertRefused(coordinator.round("run-b", 1, 1, zeros(), TRAINING, local(1, 1)), ErrorMessage.BUDGET_EXHAUSTED,
                "lifetime epsilon");
        assertEquals(0, updatesOnTheWire());
    }

    @Test
    void largerDeltaThanTheOwners_isRefused() {
        // z = 4.33 meets epsilon 1 at delta 0.1, but spends 3.31 at the owner's 1e-5.
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 1));
        assertRefused(coordinator.round("run", 1, 1, zeros(), TRAINING, new PrivacyParams("local", "gaussian", 1, 4.33, 1, 0.1)),
                ErrorMessage.POLICY_REFUSED, "AGENT_DP_DELTA");
        assertEquals(0, updatesOnTheWire());
    }

    @Test
    void tinyNoiseWithAHugeBudget_isRefused() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 10));
        assertRefused(coordinator.round("run", 1, 1, zeros(), TRAINING, new PrivacyParams("local", "gaussian", 1, 0.01, 1e6, DELTA)),
                ErrorMessage.BUDGET_EXHAUSTED, "AGENT_DP_EPSILON=10");
        assertEquals(0, updatesOnTheWire());
    }

    @Test
    void largerClipNormThanTheOwners_isRefused() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 10));
        var p = local(1, 1);
        assertRefused(coordinator.round("run", 1, 1, zeros(), TRAINING,
                new PrivacyParams("local", "gaussian", 5.0, p.noiseMultiplier(), 1, DELTA)), ErrorMessage.POLICY_REFUSED,
                "AGENT_DP_MAX_CLIP_NORM");
        assertEquals(0, updatesOnTheWire());
    }

    @Test
    void modeTheOwnerDoesNotAccept_isRefused() {
        joined(policy(EnumSet.of(PrivacyMode.RECORD, PrivacyMode.LOCAL), 10));
        assertRefused(coordinator.round("run", 1, 1, zeros(), TRAINING, new PrivacyParams("central", "gaussian", 1, z(1, 1), 1, DELTA)),
                ErrorMessage.POLICY_REFUSED, "AGENT_DP_MODES=record,local");
        // Until the refused run ends the agent answers only with that refusal; then the next is judged on its own.
        assertRefused(coordinator.round("run", 2, 2, zeros(), TRAINING, local(1, 1)), ErrorMessage.POLICY_REFUSED,
                "refused an earlier round");
        coordinator.stop("run", 1);
        assertRefused(coordinator.round("run2", 1, 1, zeros(), TRAINING, PrivacyParams.NONE), ErrorMessage.POLICY_REFUSED,
                "AGENT_DP_MODES");
        assertEquals(0, updatesOnTheWire());
    }

    @Test
    void switchFromLocalToCentralMidRun_isRefused_soNoUnnoisedDeltaLeaves() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL, PrivacyMode.CENTRAL), 100));
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        assertRefused(coordinator.round("run", 2, 5, zeros(), TRAINING, new PrivacyParams("central", "gaussian", 1, z(1, 5), 1, DELTA)),
                ErrorMessage.POLICY_REFUSED, "changed its privacy settings mid-run");
        assertEquals(1, updatesOnTheWire());
    }

    @Test
    void moreRoundsThanPlanned_areRefused() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        for (int r = 1; r <= 3; r++) {
            assertInstanceOf(ModelUpdate.class, coordinator.round("run", r, 3, zeros(), TRAINING, local(1, 3)));
        }
        assertRefused(coordinator.round("run", 4, 4, zeros(), TRAINING, local(1, 3)), ErrorMessage.BUDGET_EXHAUSTED, "above its plan");
        assertEquals(3, updatesOnTheWire());
    }

    @Test
    void moreEpochsThanPlanned_areRefused() {
        joined(policy(EnumSet.of(PrivacyMode.RECORD), 100));
        int n = DATA.train().size();
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, 1, DELTA, 2, n, 64, 1);
        var record = new PrivacyParams("record", "gaussian", 1, z, 1, DELTA);
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 2, zeros(), TRAINING, record));
        assertRefused(coordinator.round("run", 2, 2, zeros(), new TrainingParams(10, 0.1, 64, 42), record),
                ErrorMessage.BUDGET_EXHAUSTED, "above its plan");
        assertEquals(1, updatesOnTheWire());
    }

    @Test
    void repeatedRoundFromAnotherModel_isRefused() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        double[] other = new double[SHAPE.size()];
        other[0] = 1;
        assertRefused(coordinator.round("run", 1, 5, Weights.of(other), TRAINING, local(1, 5)), ErrorMessage.POLICY_REFUSED,
                "rounds only move forward");
        assertEquals(1, updatesOnTheWire());
    }

    @Test
    void repeatedRoundAskedWordForWord_getsTheSameNoisedUpdateAgain_notASecondRelease() throws Exception {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        Message first = coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5));
        assertInstanceOf(ModelUpdate.class, first);
        String ledger = java.nio.file.Files.readString(dir.resolve("agent-1.ledger.json"));
        // A coordinator resumed from its checkpoint asks for the round it had not finished.
        assertEquals(first, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        assertEquals(ledger, java.nio.file.Files.readString(dir.resolve("agent-1.ledger.json")), "nothing new charged");
        assertEquals(2, updatesOnTheWire());
        assertEquals(1, tap.of(ModelUpdate.class).stream().distinct().count(), "the same bytes twice");
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 2, 5, zeros(), TRAINING, local(1, 5)));
    }

    @Test
    void repeatedEvaluate_ofTheSameModel_getsTheSameCounts_andOfAnotherModel_isRefused() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        Message counts = coordinator.evaluate("run", 1, zeros());
        assertInstanceOf(EvalResult.class, counts);
        for (int i = 0; i < 5; i++) assertEquals(counts, coordinator.evaluate("run", 1, zeros()));
        double[] other = new double[SHAPE.size()];
        other[0] = 1;
        assertRefused(coordinator.evaluate("run", 1, Weights.of(other)), ErrorMessage.BAD_REQUEST, "a second EVALUATE");
        assertEquals(1, tap.of(EvalResult.class).stream().distinct().count());
    }

    @Test
    void evaluateOfARoundTheAgentDidNotTrain_isRefused() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        assertRefused(coordinator.evaluate("run", 1, zeros()), ErrorMessage.BAD_REQUEST, "EVALUATE");
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        assertRefused(coordinator.evaluate("run", 3, zeros()), ErrorMessage.BAD_REQUEST, "last trained in round 1");
        assertRefused(coordinator.evaluate("other-run", 1, zeros()), ErrorMessage.BAD_REQUEST, "the run in progress");
        assertEquals(0, tap.of(EvalResult.class).size());
    }

    @Test
    void craftedEvaluate_isDetectedAtTheNextRound_andTheRunIsRefusedFromThenOn() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        double[] crafted = new double[SHAPE.size()];
        crafted[3] = 50; // a model built to probe one feature, not the run's aggregate
        assertInstanceOf(EvalResult.class, coordinator.evaluate("run", 1, Weights.of(crafted)));
        double[] produced = new double[SHAPE.size()];
        produced[0] = 0.1;
        assertRefused(coordinator.round("run", 2, 5, Weights.of(produced), TRAINING, local(1, 5)), ErrorMessage.POLICY_REFUSED,
                "other than the one this agent evaluated");
        assertEquals(1, updatesOnTheWire());
    }

    @Test
    void agentSkippedByClientSampling_trainsAgainFromTheModelOfRoundsItSatOut() {
        joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        assertInstanceOf(EvalResult.class, coordinator.evaluate("run", 1, zeros()));
        // Not drawn in round 2: round 3 starts from a model this agent never saw, which is no attack.
        double[] afterRound2 = new double[SHAPE.size()];
        afterRound2[0] = 0.1;
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 3, 5, Weights.of(afterRound2), TRAINING, local(1, 5)));
        assertEquals(2, updatesOnTheWire());
    }

    @Test
    void dpOnlyOwner_releasesNoExactStatisticLossOrEvaluation_andChargesEachRelease() {
        Agent agent = joined(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        Join join = tap.of(Join.class).get(0);
        var exact = FeatureEncoder.stats(DATA.train());
        assertNotEquals(exact.sum(), join.stats().sum(), "exact feature sums left the agent");
        assertNotEquals(exact.sumOfSquares(), join.stats().sumOfSquares(), "exact sums of squares left the agent");

        ModelUpdate update = assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, zeros(), TRAINING, local(1, 5)));
        assertEquals(0, update.trainLoss(), "the exact training loss left the agent");
        assertEquals(0, update.trainSeconds(), "the training time, which grows with the row count, left the agent");
        assertEquals(update.epsilonSpent(), Math.round(update.epsilonSpent() * 1000) / 1000.0, 1e-12,
                "the run's epsilon leaves rounded to 0.001");
        assertEquals(join.trainSamples(), update.samples(), "the update repeats the released count, nothing new");

        EvalResult eval = assertInstanceOf(EvalResult.class, coordinator.evaluate("run", 1, zeros()));
        var standardization = Standardization.combine(List.of(join.stats()));
        EvaluationCounts exactEval = EvaluationCounts.of(zeros().toArray(), SHAPE,
                new FeatureEncoder(SCHEMA, standardization).encode(DATA.test()), DATA.test().labels());
        assertNotEquals(exactEval.lossSum(), eval.lossSum(), "the exact evaluation loss left the agent");

        List<String> charged = agent.privacy().ledger().runs().stream().map(PrivacyLedger.Run::runId).toList();
        assertTrue(charged.containsAll(List.of("join", "run", "run evaluation")), "ledger runs: " + charged);
    }

    @Test
    void messagesInTheWrongState_areRejectedAndCounted() {
        coordinator = new ScriptedCoordinator(network.connect("coordinator"), AGENT);
        open.add(coordinator);
        tap = new WireTap(network.connect(AGENT));
        var config = new AgentConfig(AGENT, "coordinator", Duration.ofSeconds(5), Duration.ofSeconds(5),
                policy(EnumSet.of(PrivacyMode.LOCAL), 100), dir.resolve("agent-1.ledger.json"), false);
        Agent agent = new Agent(config, DATA, TrainerFactory.tribuo(), new Endpoint(tap, new MessageCodec()), timers);
        open.add(agent);
        agent.start();
        coordinator.awaitMessage(Join.class, j -> true);
        // Not yet acknowledged: JOINING answers nothing but a JOIN_ACK.
        coordinator.send(new dev.pmad.protocol.RoundStart("run", 1, "coordinator", 5, SHAPE, zeros(),
                Standardization.combine(List.of(tap.of(Join.class).get(0).stats())), TRAINING, local(1, 5)));
        coordinator.send(new dev.pmad.protocol.Evaluate("run", 1, "coordinator", SHAPE, zeros()));
        await().atMost(ScriptedCoordinator.WAIT).until(() -> agent.rejectedMessages() == 2);
        assertEquals(AgentState.JOINING, agent.state());
        assertFalse(tap.sent.stream().anyMatch(m -> m instanceof ModelUpdate || m instanceof EvalResult));
    }
}
