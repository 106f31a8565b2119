package dev.pmad.coordinator.aggregation;

import static dev.pmad.coordinator.aggregation.Rounds.withControl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaffoldTest {
    private static final double[] GLOBAL = {1.0, -1.0};

    /** Deltas as in {@link Rounds#first()} (weighted mean [0.3, -0.3]), with control changes. */
    private static List<AgentUpdate> first() {
        return List.of(withControl("a", 1, new double[] {0.9, -0.3}, new double[] {0.6, 0}),
                withControl("b", 2, new double[] {0, -0.3}, new double[] {-0.3, 0.3}));
    }

    /** Deltas as in {@link Rounds#second()} (mean [1.2, 0]), one row each. */
    private static List<AgentUpdate> second() {
        return List.of(withControl("a", 1, new double[] {1.0, 0.5}, new double[] {0.2, 0.2}),
                withControl("b", 1, new double[] {1.4, -0.5}, new double[] {0, -0.4}));
    }

    private static double[] control(StrategyState state) {
        return ((StrategyState.ServerControl) state).control().toArray();
    }

    /** A run of {@code trainSamples} rows; scaffold reads nothing else of it but the mode. */
    private static Strategy.RunContext run(long trainSamples, PrivacyMode mode) {
        return new Strategy.RunContext(new ModelShape(2, 1), trainSamples, 3, mode, 0, 0);
    }

    @Test
    void scaffold_twoRounds_matchHandComputedModelsAndControls() {
        Scaffold scaffold = new Scaffold(0.5);
        Strategy.Step one = scaffold.aggregate(GLOBAL, first(), scaffold.initialState(2));
        // x = [1, -1] + 0.5 * [0.3, -0.3] = [1.15, -1.15]
        assertArrayEquals(new double[] {1.15, -1.15}, one.model(), 1e-12);
        // c = 0 + (1/3)[0.6, 0] + (2/3)[-0.3, 0.3] = [0.2 - 0.2, 0 + 0.2] = [0, 0.2]
        assertArrayEquals(new double[] {0, 0.2}, control(one.state()), 1e-12);

        Strategy.Step two = scaffold.aggregate(one.model(), second(), one.state());
        // x = [1.15, -1.15] + 0.5 * [1.2, 0] = [1.75, -1.15]
        assertArrayEquals(new double[] {1.75, -1.15}, two.model(), 1e-12);
        // c = [0, 0.2] + (1/2)[0.2, 0.2] + (1/2)[0, -0.4] = [0.1, 0.1]
        assertArrayEquals(new double[] {0.1, 0.1}, control(two.state()), 1e-12);
    }

    @Test
    void scaffold_whenAgentsMissARound_changesCByTheirShareOfAllTheRunsRows() {
        // The run has 6 rows; agents with 1 and 2 of them report: c = (1/6)[0.6, 0] + (2/6)[-0.3, 0.3] = [0, 0.1],
        // while x still moves by the mean over the agents that reported.
        Strategy bound = new Scaffold(0.5).forRun(run(6, PrivacyMode.NONE));
        Strategy.Step one = bound.aggregate(GLOBAL, first(), bound.initialState(2));
        assertArrayEquals(new double[] {1.15, -1.15}, one.model(), 1e-12);
        assertArrayEquals(new double[] {0, 0.1}, control(one.state()), 1e-12);
    }

    @Test
    void scaffold_withEqualRowCounts_isThePapersUniformAlgorithm() {
        // Karimireddy et al., lines 16-17: x + eta_g (1/|S|) sum dy, c + (|S|/N) (1/|S|) sum dc; |S| = 3 of N = 4 agents.
        Strategy bound = new Scaffold(2).forRun(run(40, PrivacyMode.NONE));
        var updates = List.of(withControl("a", 10, new double[] {0.3, 0}, new double[] {0.4, -0.8}),
                withControl("b", 10, new double[] {0, 0.6}, new double[] {0.8, 0.4}),
                withControl("c", 10, new double[] {-0.9, 0.3}, new double[] {0, 1.2}));
        Strategy.Step step = bound.aggregate(new double[] {0, 0}, updates,
                new StrategyState.ServerControl(Weights.of(1, 1)));
        // mean dy = [-0.2, 0.3]; x = 0 + 2 * [-0.2, 0.3] = [-0.4, 0.6]
        assertArrayEquals(new double[] {-0.4, 0.6}, step.model(), 1e-12);
        // mean dc = [1.2/3, 0.8/3] = [0.4, 0.8/3]; c = [1, 1] + (3/4) * [0.4, 0.8/3] = [1.3, 1.2]
        assertArrayEquals(new double[] {1.3, 1.2}, control(step.state()), 1e-12);
    }

    @Test
    void scaffold_sendsEveryAgentTheServersControlVariate() {
        Scaffold scaffold = new Scaffold();
        assertEquals(Procedure.scaffold(Weights.zeros(2)), scaffold.procedure("a", scaffold.initialState(2)));
        StrategyState after = scaffold.aggregate(GLOBAL, first(), scaffold.initialState(2)).state();
        assertEquals(Procedure.scaffold(Weights.of(control(after))), scaffold.procedure("b", after));
        assertThrows(IllegalArgumentException.class, () -> scaffold.procedure("a", StrategyState.Stateless.INSTANCE));
    }

    @Test
    void scaffold_refusesAnUpdateWithoutAControlVariateChange() {
        var updates = List.of(withControl("a", 1, new double[] {1, 2}, new double[] {0, 0}),
                new AgentUpdate("b", Weights.of(1, 2), 1, 0, 0, 0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Scaffold().aggregate(GLOBAL, updates, new Scaffold().initialState(2)));
        assertEquals("scaffold: agent b sent a control-variate change of 0 values, the model has 2 (is it running scaffold?)",
                e.getMessage());
    }

    @Test
    void scaffold_isRefusedInEveryDpMode_withAReasonNamingTheAlternatives() {
        Scaffold scaffold = new Scaffold();
        assertNull(scaffold.unsupported(PrivacyMode.NONE));
        assertNull(scaffold.centralDpProcedure());
        for (PrivacyMode mode : List.of(PrivacyMode.RECORD, PrivacyMode.LOCAL, PrivacyMode.CENTRAL)) {
            String reason = scaffold.unsupported(mode);
            assertNotNull(reason, mode.wireName());
            assertTrue(reason.contains("control-variate change") && reason.contains("fedprox"), reason);
            assertThrows(IllegalArgumentException.class, () -> scaffold.forRun(run(10, mode)));
        }
    }

    @Test
    void scaffold_defaultGlobalRate_isThePapersOne() {
        assertEquals(Map.of("eta_g", 1.0), new Scaffold().options());
    }
}
