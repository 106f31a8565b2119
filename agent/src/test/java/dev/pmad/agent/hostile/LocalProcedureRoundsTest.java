package dev.pmad.agent.hostile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.Agent;
import dev.pmad.agent.AgentConfig;
import dev.pmad.agent.AgentState;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.Procedure;
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
 * FedProx and SCAFFOLD rounds as an agent answers them: SCAFFOLD sends the change of its control
 * variate (option II) and is refused in every DP mode before anything is computed or charged;
 * FedProx trains in record mode too.
 */
class LocalProcedureRoundsTest {
    private static final String AGENT = "agent-1";
    private static final double DELTA = 1e-5;
    private static final double RATE = 0.1;
    private static final TrainingParams TRAINING = new TrainingParams(1, RATE, 64, 42);
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

    private Agent joined(Set<PrivacyMode> modes) {
        coordinator = new ScriptedCoordinator(network.connect("coordinator"), AGENT);
        open.add(coordinator);
        tap = new WireTap(network.connect(AGENT));
        var policy = new AgentPolicy(modes, 100, DELTA, 1.0, 0, 20, false);
        var config = new AgentConfig(AGENT, "coordinator", Duration.ofSeconds(5), Duration.ofSeconds(5), policy,
                dir.resolve("agent-1.ledger.json"), false);
        Agent agent = new Agent(config, DATA, TrainerFactory.tribuo(), new Endpoint(tap, new MessageCodec()), timers);
        open.add(agent);
        agent.start();
        coordinator.acceptJoin(SHAPE);
        await().atMost(ScriptedCoordinator.WAIT).until(() -> agent.state() == AgentState.READY);
        return agent;
    }

    private static TrainingParams scaffold(Weights c) {
        return TRAINING.withProcedure(Procedure.scaffold(c));
    }

    private static PrivacyParams record(int rounds) {
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, 1, DELTA, rounds,
                DATA.train().size(), 64, 1);
        return new PrivacyParams("record", "gaussian", 1, z, 1, DELTA);
    }

    private static PrivacyParams local(int rounds) {
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.LOCAL, NoiseKind.GAUSSIAN, 1, DELTA, rounds, 1, 1, 1);
        return new PrivacyParams("local", "gaussian", 1, z, 1, DELTA);
    }

    @Test
    void scaffoldWithoutDp_sendsTheControlVariateChangeOfOptionII() {
        joined(EnumSet.of(PrivacyMode.NONE));
        int k = (int) Math.ceil(DATA.train().size() / 64.0); // one epoch of batches of 64
        Weights x = Weights.zeros(SHAPE.size());
        ModelUpdate first = assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 5, x, scaffold(x), PrivacyParams.NONE));
        // c = c_i = 0: Delta c_i = (x - y) / (K eta) = -Delta y / (K eta).
        assertEquals(SHAPE.size(), first.control().size());
        for (int i = 0; i < SHAPE.size(); i++) {
            assertEquals(-first.delta().get(i) / (k * RATE), first.control().get(i), 1e-9, "weight " + i);
        }
        // Round 2 from x2 = x + Delta y with c = c_i / 2 (shifted steps): Delta c_i = -c + (x2 - y2) / (K eta).
        double[] half = first.control().toArray();
        for (int i = 0; i < half.length; i++) half[i] /= 2;
        Weights x2 = first.delta();
        ModelUpdate second = assertInstanceOf(ModelUpdate.class,
                coordinator.round("run", 2, 5, x2, scaffold(Weights.of(half)), PrivacyParams.NONE));
        for (int i = 0; i < SHAPE.size(); i++) {
            assertEquals(-half[i] - second.delta().get(i) / (k * RATE), second.control().get(i), 1e-9, "weight " + i);
        }
    }

    @Test
    void scaffoldInEveryDpMode_isRefusedBeforeAnythingIsComputedOrCharged() {
        Agent agent = joined(EnumSet.allOf(PrivacyMode.class));
        double spent = agent.privacy().lifetimeEpsilon();
        Weights zeros = Weights.zeros(SHAPE.size());
        int round = 0;
        for (PrivacyParams dp : List.of(record(5), local(5), new PrivacyParams("central", "gaussian", 1, 1, 1, DELTA))) {
            String run = "run-" + dp.mode();
            Message answer = coordinator.round(run, 1, 5, zeros, scaffold(zeros), dp);
            ErrorMessage error = assertInstanceOf(ErrorMessage.class, answer, "expected a refusal, got " + answer);
            assertEquals(ErrorMessage.POLICY_REFUSED, error.code());
            assertTrue(error.detail().contains("SCAFFOLD in privacy mode " + dp.mode()), error.detail());
            coordinator.stop(run, 1);
            round++;
        }
        assertEquals(3, round);
        assertEquals(0, tap.of(ModelUpdate.class).size());
        assertEquals(spent, agent.privacy().lifetimeEpsilon(), 0);
    }

    @Test
    void scaffoldWithAControlVariateOfTheWrongSize_isABadRequest() {
        joined(EnumSet.of(PrivacyMode.NONE));
        Message answer = coordinator.round("run", 1, 5, Weights.zeros(SHAPE.size()), scaffold(Weights.zeros(3)),
                PrivacyParams.NONE);
        ErrorMessage error = assertInstanceOf(ErrorMessage.class, answer);
        assertEquals(ErrorMessage.BAD_REQUEST, error.code());
        assertEquals("SCAFFOLD's server control variate has 3 values, the model has " + SHAPE.size(), error.detail());
    }

    @Test
    void fedproxInRecordMode_trainsWithDpSgd_andLargeMuKeepsTheModelNearTheGlobal() {
        joined(EnumSet.of(PrivacyMode.RECORD));
        Weights x = Weights.zeros(SHAPE.size());
        // With lr mu = 1 each step sets w - x to -lr times the noised clipped gradient: within about lr of x,
        // where eight free steps of lr on gradients clipped to 1 go several times as far.
        ModelUpdate loose = assertInstanceOf(ModelUpdate.class,
                coordinator.round("run", 1, 3, x, TRAINING.withProcedure(Procedure.prox(0)), record(3)));
        ModelUpdate tight = assertInstanceOf(ModelUpdate.class,
                coordinator.round("run", 2, 3, x, TRAINING.withProcedure(Procedure.prox(10)), record(3)));
        assertTrue(norm(tight.delta()) < norm(loose.delta()) / 2, norm(tight.delta()) + " vs " + norm(loose.delta()));
        assertEquals(0, tight.control().size());
    }

    private static double norm(Weights w) {
        double s = 0;
        for (double v : w.toArray()) s += v * v;
        return Math.sqrt(s);
    }
}
