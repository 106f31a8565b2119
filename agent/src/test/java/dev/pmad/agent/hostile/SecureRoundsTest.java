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
import dev.pmad.agent.privacy.PrivacyLedger;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.SecAggKeys;
import dev.pmad.protocol.SecAggUnmask;
import dev.pmad.protocol.SecureAggregation;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent does with secure rounds (issue 17): its owner can require them, it checks what a
 * secure round asks before training, and in one it sends keys, never its update, loss or timing.
 */
class SecureRoundsTest {
    private static final String AGENT = "agent-1";
    private static final TrainingParams TRAINING = new TrainingParams(1, 0.1, 64, 42);
    private static final Schema SCHEMA = SchemaInference.infer(List.of(RepoData.file(RepoData.BREAST_CANCER)), "label");
    private static final ModelShape SHAPE = new ModelShape(SCHEMA.classes().size(), SCHEMA.encodedWidth());

    @TempDir Path dir;
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<AutoCloseable> open = new ArrayList<>();
    private WireTap tap;
    private ScriptedCoordinator coordinator;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private void joined(boolean requireSecure) {
        joined(new AgentPolicy(EnumSet.of(PrivacyMode.NONE), 10, 1e-5, 1.0, 0, 20, true)
                .withSecureAggregationRequired(requireSecure));
    }

    private void joined(AgentPolicy policy) {
        Table all = CsvLoader.load(RepoData.file(RepoData.BREAST_CANCER), SCHEMA);
        int[] rows = new int[all.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        int[][] split = Partitioner.trainTest(rows, 0.2, 42, 0);
        var data = new LocalData(SCHEMA, all.select(split[0]), all.select(split[1]));
        coordinator = new ScriptedCoordinator(network.connect("coordinator"), AGENT);
        open.add(coordinator);
        tap = new WireTap(network.connect(AGENT));
        var config = new AgentConfig(AGENT, "coordinator", Duration.ofSeconds(5), Duration.ofSeconds(5), policy,
                dir.resolve("agent-1.ledger.json"), false);
        Agent agent = new Agent(config, data, TrainerFactory.tribuo(), new Endpoint(tap, new MessageCodec()),
                new ManualTimers());
        open.add(agent);
        agent.start();
        coordinator.acceptJoin(SHAPE);
        await().atMost(ScriptedCoordinator.WAIT).until(() -> agent.state() == AgentState.READY);
    }

    private Message round(SecureAggregation secure) {
        return coordinator.round(coordinator.roundStart("run", 1, 3, Weights.zeros(SHAPE.size()), TRAINING,
                PrivacyParams.NONE, secure));
    }

    private static SecureAggregation secure(List<String> agents, int threshold) {
        return new SecureAggregation(true, agents, threshold, 48, 0, 10, 1000);
    }

    private static void assertRefused(Message answer, String code, String reasonPart) {
        ErrorMessage error = assertInstanceOf(ErrorMessage.class, answer, "expected a refusal, got " + answer);
        assertEquals(code, error.code(), error.detail());
        assertTrue(error.detail().contains(reasonPart), error.detail());
    }

    @Test
    void ownerRequiresSecureAggregation_roundWithout_isRefusedNamingTheSetting() {
        joined(true);
        assertRefused(round(SecureAggregation.OFF), ErrorMessage.POLICY_REFUSED, "AGENT_REQUIRE_SECURE_AGGREGATION=true");
        assertEquals(0, tap.of(ModelUpdate.class).size());
    }

    @Test
    void secureRound_sendsKeysOnly_noUpdateLossOrTime() {
        joined(true);
        Message answer = round(secure(List.of(AGENT, "agent-2", "agent-3"), 2));
        assertInstanceOf(SecAggKeys.class, answer);
        assertEquals(0, tap.of(ModelUpdate.class).size());
    }

    @Test
    void thresholdBelowAMajority_isRefusedBeforeTraining() {
        joined(false);
        // 2 of 5 holders: two disjoint pairs could reveal both of an agent's secrets.
        assertRefused(round(secure(List.of(AGENT, "agent-2", "agent-3", "agent-4", "agent-5"), 2)),
                ErrorMessage.BAD_REQUEST, "not a majority");
        assertEquals(0, tap.of(SecAggKeys.class).size());
    }

    @Test
    void roundThatDoesNotListThisAgent_isRefused() {
        joined(false);
        assertRefused(round(secure(List.of("agent-2", "agent-3"), 2)), ErrorMessage.BAD_REQUEST, "does not list this agent");
    }

    @Test
    void unmaskRequestBeforeTheShares_isRefused_andTheRoundIsOverForThisAgent() {
        joined(false);
        assertInstanceOf(SecAggKeys.class, round(secure(List.of(AGENT, "agent-2", "agent-3"), 2)));
        int before = coordinator.received.size();
        coordinator.send(new SecAggUnmask("run", 1, "coordinator", List.of(AGENT, "agent-2"), List.of("agent-3")));
        ErrorMessage error = coordinator.awaitMessage(ErrorMessage.class, e -> e.detail().contains("secure aggregation"));
        assertTrue(error.detail().contains("WRONG_PHASE"), error.detail());
        assertTrue(coordinator.received.size() > before);
    }

    /** An owner who allows only distributed DP: central mode, never without secure aggregation, z at least 2. */
    private static final AgentPolicy DISTRIBUTED_ONLY = new AgentPolicy(EnumSet.of(PrivacyMode.CENTRAL), 10, 1e-5, 1.0, 2,
            20, true).withSecureAggregationRequired(true);

    private Message distributedRound(double z) {
        var privacy = new PrivacyParams("central", "gaussian", 1.0, z, 4, 1e-5);
        return coordinator.round(coordinator.roundStart("run", 1, 3, Weights.zeros(SHAPE.size()), TRAINING, privacy,
                new SecureAggregation(true, List.of(AGENT, "agent-2", "agent-3"), 2, 48, 0, 1.0, 1)));
    }

    @Test
    void distributedDpRound_isChargedToTheLedgerBeforeTheKeysLeave() {
        joined(DISTRIBUTED_ONLY);
        assertInstanceOf(SecAggKeys.class, distributedRound(2.5));
        assertEquals(0, tap.of(ModelUpdate.class).size());
        var runs = PrivacyLedger.read(dir.resolve("agent-1.ledger.json")).runs();
        assertEquals("round 1 update (central, distributed)", runs.get(0).lastRelease());
        assertTrue(runs.get(0).mechanisms().get(0).discrete(), runs.get(0).toString());
    }

    @Test
    void distributedDpRound_withLessNoiseThanTheOwnersFloor_isRefusedBeforeTraining() {
        joined(DISTRIBUTED_ONLY);
        assertRefused(distributedRound(1.5), ErrorMessage.POLICY_REFUSED, "AGENT_DP_MIN_NOISE_MULTIPLIER=2");
        assertEquals(0, tap.of(SecAggKeys.class).size());
        assertTrue(PrivacyLedger.read(dir.resolve("agent-1.ledger.json")).runs().isEmpty(), "nothing charged");
    }
}
