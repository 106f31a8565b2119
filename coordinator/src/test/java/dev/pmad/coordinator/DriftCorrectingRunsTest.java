package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorConfig.PrivacySettings;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Weights;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * fedprox and scaffold as the coordinator runs them: what each round asks of the agents, SCAFFOLD's
 * server control variate carried from one round to the next, and FedProx under central DP.
 */
class DriftCorrectingRunsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private CoordinatorTestSupport fed;

    @AfterEach
    void close() {
        if (fed != null) fed.close();
    }

    private static RoundStart awaitRound(ScriptedAgent agent, int round) {
        await(agent.id + " round " + round).until(() -> agent.lastRoundStart() != null && agent.lastRoundStart().round() == round);
        return agent.lastRoundStart();
    }

    private static void update(ScriptedAgent agent, double[] delta, double[] control) {
        RoundStart start = agent.lastRoundStart();
        agent.send(new ModelUpdate(start.runId(), start.round(), agent.id, Weights.of(delta), 10, 0.5, 0, 0.01,
                Weights.zeros(0), Weights.zeros(0), Weights.of(control)));
    }

    private static void evaluate(ScriptedAgent agent, int round) {
        await("evaluate " + round + " sent to " + agent.id).until(() -> agent.receivedOf(Evaluate.class).stream()
                .anyMatch(e -> e.round() == round));
        Evaluate e = agent.receivedOf(Evaluate.class).get(agent.receivedOf(Evaluate.class).size() - 1);
        agent.send(new EvalResult(e.runId(), e.round(), agent.id, List.of(1L, 0L, 0L, 1L), 1.0, 2));
    }

    @Test
    void scaffoldRun_sendsTheServersControlVariate_andFoldsTheAgentsChangesIntoIt() throws Exception {
        fed = new CoordinatorTestSupport(2, TIMEOUT);
        ScriptedAgent a = fed.joinedAgent("a");
        ScriptedAgent b = fed.joinedAgent("b");
        assertTrue(fed.coordinator.startRun(2, Strategies.parse("scaffold")).get(5, TimeUnit.SECONDS).accepted());

        for (ScriptedAgent agent : List.of(a, b)) {
            assertEquals(Procedure.scaffold(Weights.zeros(4)), awaitRound(agent, 1).training().procedure());
        }
        update(a, new double[] {1, 0, 0, 0}, new double[] {0.2, 0, 0, -0.2});
        update(b, new double[] {3, 0, 0, 0}, new double[] {0.4, 0.2, 0, 0});
        evaluate(a, 1);
        evaluate(b, 1);

        // Ten rows each: x = 0 + (1 + 3) / 2 = [2, 0, 0, 0]; c = 0 + (10/20)[0.2, 0, 0, -0.2] + (10/20)[0.4, 0.2, 0, 0].
        RoundStart second = awaitRound(a, 2);
        assertArrayEquals(new double[] {2, 0, 0, 0}, second.global().toArray(), 1e-12);
        assertEquals(Procedure.SCAFFOLD, second.training().procedure().kind());
        assertArrayEquals(new double[] {0.3, 0.1, 0, -0.1}, second.training().procedure().control().toArray(), 1e-12);
        assertEquals(second.training().procedure(), awaitRound(b, 2).training().procedure());
    }

    @Test
    void fedproxUnderCentralDp_asksForProximalSteps_andScaffoldIsRefusedForItsControlVariates() throws Exception {
        fed = new CoordinatorTestSupport(1, TIMEOUT, new PrivacySettings(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, 4, 1e-5, 1));
        ScriptedAgent a = fed.joinedAgent("a");
        StartResult scaffold = fed.coordinator.startRun(1, Strategies.parse("scaffold")).get(5, TimeUnit.SECONDS);
        assertEquals(StartResult.Kind.INVALID, scaffold.kind());
        assertTrue(scaffold.error().contains("control-variate change") && scaffold.error().contains("fedprox"), scaffold.error());

        assertTrue(fed.coordinator.startRun(1, Strategies.parse("fedprox")).get(5, TimeUnit.SECONDS).accepted());
        assertEquals(Procedure.prox(1), awaitRound(a, 1).training().procedure());
    }
}
