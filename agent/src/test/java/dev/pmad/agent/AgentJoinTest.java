package dev.pmad.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.hostile.ScriptedCoordinator;
import dev.pmad.agent.hostile.WireTap;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.time.ManualTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's JOIN and its incarnation: one per start of the agent, the same in every JOIN that
 * start sends, so that a coordinator can tell a resend from a restart.
 */
class AgentJoinTest {
    private static final String AGENT = "agent-1";
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Schema SCHEMA = SchemaInference.infer(List.of(RepoData.file(RepoData.BREAST_CANCER)), "label");

    @TempDir Path dir;
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final ManualTimers timers = new ManualTimers();
    private final ScriptedCoordinator coordinator = new ScriptedCoordinator(network.connect("coordinator"), AGENT);
    private Agent agent;

    @AfterEach
    void close() {
        if (agent != null) agent.close();
        coordinator.close();
    }

    private static LocalData data() {
        Table all = CsvLoader.load(RepoData.file(RepoData.BREAST_CANCER), SCHEMA);
        int[] rows = new int[all.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        int[][] split = Partitioner.trainTest(rows, 0.2, 42, 0);
        return new LocalData(SCHEMA, all.select(split[0]), all.select(split[1]));
    }

    private WireTap start() {
        var tap = new WireTap(network.connect(AGENT));
        var config = new AgentConfig(AGENT, "coordinator", Duration.ofSeconds(5), RETRY,
                AgentPolicy.simulation(PrivacyMode.NONE, 0, 1e-5), dir.resolve("agent-1.ledger.json"), false);
        agent = new Agent(config, data(), TrainerFactory.tribuo(), new Endpoint(tap, new MessageCodec()), timers);
        agent.start();
        return tap;
    }

    private static void awaitJoins(WireTap tap, int count) {
        await(count + " JOINs on the wire").atMost(ScriptedCoordinator.WAIT).until(() -> tap.of(Join.class).size() >= count);
    }

    @Test
    void joinResentUntilAcknowledged_andAfterARejoinRequest_carriesTheSameIncarnation() {
        WireTap tap = start();
        awaitJoins(tap, 1);
        timers.advance(RETRY); // no acknowledgement yet: the agent sends its JOIN again
        awaitJoins(tap, 2);
        coordinator.send(new JoinAck("", 0, "coordinator", true, "welcome"));
        await("joined").atMost(ScriptedCoordinator.WAIT).until(() -> agent.state() == AgentState.READY);
        // A coordinator that restarted no longer knows the agent, which has not restarted itself.
        coordinator.send(new JoinAck("", 0, "coordinator", false, JoinAck.REJOIN + ": unknown agent"));
        awaitJoins(tap, 3);

        List<Join> joins = tap.of(Join.class);
        for (Join join : joins) assertEquals(agent.incarnation(), join.incarnation(), "JOIN " + join);
    }

    @Test
    void anotherStartOfTheSameAgent_drawsAnotherIncarnation() {
        WireTap first = start();
        awaitJoins(first, 1);
        String before = first.of(Join.class).get(0).incarnation();
        agent.close();

        WireTap second = start(); // the same id, data and ledger: a restarted process
        awaitJoins(second, 1);
        assertNotEquals(before, second.of(Join.class).get(0).incarnation());
    }

    @Test
    void aJoinRefusedForItsSchema_stopsTheAgentForGood_insteadOfJoiningAgainEveryFewSeconds() throws Exception {
        WireTap tap = start();
        awaitJoins(tap, 1);
        coordinator.send(new JoinAck("", 0, "coordinator", false,
                JoinAck.SCHEMA_MISMATCH + ": the agent's schema fingerprint 1234 differs from the coordinator's 5678"));
        String why = agent.gaveUp().toCompletableFuture().get(ScriptedCoordinator.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(why.contains("schema mismatch") && why.contains("SCHEMA_PATH"), why);
        assertEquals(AgentState.STOPPED, agent.state());

        // Neither the JOIN timer nor a coordinator asking it to rejoin brings it back.
        for (int i = 0; i < 5; i++) timers.advance(RETRY);
        coordinator.send(new JoinAck("", 0, "coordinator", false, JoinAck.REJOIN + ": unknown agent"));
        // A marker the agent rejects and counts: once it is counted, the rejoin before it was handled.
        coordinator.send(new JoinAck("", 0, "coordinator", false, "a refusal out of place"));
        await("the marker handled").atMost(ScriptedCoordinator.WAIT).until(() -> agent.rejectedMessages() >= 1);
        assertEquals(AgentState.STOPPED, agent.state());
        assertEquals(1, tap.of(Join.class).size(), "one JOIN, then nothing: " + tap.of(Join.class));
    }

    @Test
    void anotherJoinRefusal_leavesTheAgentRunning() {
        WireTap tap = start();
        awaitJoins(tap, 1);
        coordinator.send(new JoinAck("", 0, "coordinator", false, "statistics for 3 numeric features, expected 30"));
        await("refused").atMost(ScriptedCoordinator.WAIT).until(() -> agent.state() == AgentState.REFUSED);
        assertFalse(agent.gaveUp().toCompletableFuture().isDone());
    }
}
