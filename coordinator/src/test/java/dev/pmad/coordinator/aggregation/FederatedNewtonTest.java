package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Federated Newton against values computed independently (NumPy: the sums of two agents' rows
 * of a one-feature, two-class model at W = (0.2, -0.1, -0.3, 0.1), then numpy.linalg.solve of the
 * step's system; the script is in the commit that added this test).
 */
class FederatedNewtonTest {
    private static final ModelShape SHAPE = new ModelShape(2, 1); // weights: w0_x, w0_b, w1_x, w1_b
    private static final double[] GLOBAL = {0.2, -0.1, -0.3, 0.1};

    // Agent a: rows x = 0.5, -1, 2 with labels 0, 1, 1; agent b: x = 1.5, -0.5 with labels 1, 0.
    private static final double[] G_A = {0.8043854326654962, 0.5342841054436567, -0.8043854326654963, -0.5342841054436567};
    private static final double[] H_A = {1.1398126131445658, 0.33102842728803794, -1.1398126131445658, -0.331028427288038,
            0.6854663848945199, -0.331028427288038, -0.6854663848945199, 1.1398126131445658, 0.33102842728803805,
            0.6854663848945199};
    private static final double[] G_B = {1.2565230034908121, 0.02349635706157882, -1.256523003490812, -0.0234963570615786};
    private static final double[] H_B = {0.5814569372321945, 0.2291319848807101, -0.5814569372321945, -0.22913198488071013,
            0.4697666031353125, -0.22913198488071013, -0.4697666031353126, 0.5814569372321945, 0.22913198488071013,
            0.4697666031353125};

    // Record mode: the same rows clipped to R = 1.5 (with their bias input); z = 2.
    private static final double[] RG_A = {0.27105775661223186, 0.26762026741702455, -0.27105775661223197, -0.2676202674170245};
    private static final double[] GRAM_A = {3.05, 0.4, 2.45};
    private static final double[] RG_B = {1.0697049699044745, -0.10104899866264627, -1.0697049699044747, 0.10104899866264627};
    private static final double[] GRAM_B = {1.807692307692308, 0.5384615384615385, 1.6923076923076925};

    private static AgentUpdate update(String agent, int samples, double[] gradient, double[] curvature) {
        return new AgentUpdate(agent, Weights.zeros(4), samples, 0, 0, 0, Weights.of(gradient), Weights.of(curvature),
                Weights.zeros(0));
    }

    private static Strategy exact() {
        return Strategies.parse("newton").forRun(new Strategy.RunContext(SHAPE, 5, 2, PrivacyMode.NONE, 0, 0));
    }

    private static Strategy record() {
        return Strategies.parse("newton").forRun(new Strategy.RunContext(SHAPE, 5, 2, PrivacyMode.RECORD, 1.5, 2.0));
    }

    @Test
    void aggregate_withoutDp_takesTheNewtonStepOfTheSummedLoss() {
        Strategy s = exact();
        var step = s.aggregate(GLOBAL.clone(), List.of(update("a", 3, G_A, H_A), update("b", 2, G_B, H_B)), s.initialState(4));
        assertArrayEquals(new double[] {-0.2732843664557605, -0.08767958040536866, 0.2732843664557602, 0.08767958040536866},
                step.model(), 1e-9);
    }

    @Test
    void aggregate_inRecordMode_stepsWithBoehningsBoundOnTheNoisedGramMatrices() {
        Strategy s = record();
        var step = s.aggregate(GLOBAL.clone(), List.of(update("a", 3, RG_A, GRAM_A), update("b", 2, RG_B, GRAM_B)),
                s.initialState(4));
        assertArrayEquals(new double[] {0.07737422985922, -0.10963633347879542, -0.16737422985921996, 0.10963633347879542},
                step.model(), 1e-9);
        var gram = (StrategyState.GramSum) step.state();
        assertEquals(List.of("a", "b"), gram.agents());
        assertArrayEquals(new double[] {3.05 + 1.807692307692308, 0.4 + 0.5384615384615385, 2.45 + 1.6923076923076925},
                gram.packed().toArray(), 1e-12);
    }

    @Test
    void aggregate_inRecordMode_keepsEachAgentsGramMatrixOnce() {
        Strategy s = record();
        var first = s.aggregate(GLOBAL.clone(), List.of(update("a", 3, RG_A, GRAM_A), update("b", 2, RG_B, GRAM_B)),
                s.initialState(4));
        // b sends its matrix again (e.g. after a restart) and a sends none: the sum is unchanged.
        var second = s.aggregate(first.model(), List.of(update("a", 3, RG_A, new double[0]), update("b", 2, RG_B, GRAM_B)),
                first.state());
        assertEquals(first.state(), second.state());
    }

    @Test
    void procedure_inRecordMode_asksForCurvatureOnlyFromAgentsWhoseGramMatrixIsMissing() {
        Strategy s = record();
        var state = s.aggregate(GLOBAL.clone(), List.of(update("a", 3, RG_A, GRAM_A)), s.initialState(4)).state();
        assertEquals(Procedure.newton(false), s.procedure("a", state));
        assertEquals(Procedure.newton(true), s.procedure("b", state));
        assertEquals(Procedure.newton(true), exact().procedure("a", exact().initialState(4)));
    }

    @Test
    void aggregate_shortensAStepLongerThanMaxStep() {
        Strategy s = Strategies.parse("newton", java.util.Map.of("max_step", "0.01"))
                .forRun(new Strategy.RunContext(SHAPE, 5, 2, PrivacyMode.NONE, 0, 0));
        double[] model = s.aggregate(GLOBAL.clone(), List.of(update("a", 3, G_A, H_A), update("b", 2, G_B, H_B)),
                s.initialState(4)).model();
        double norm = 0;
        for (int i = 0; i < 4; i++) norm += (model[i] - GLOBAL[i]) * (model[i] - GLOBAL[i]);
        // Bias centring (which changes no prediction) may shorten it further, never lengthen it.
        assertTrue(Math.sqrt(norm) <= 0.01 + 1e-12, "step " + Math.sqrt(norm));
    }

    @Test
    void aggregate_sameInputs_giveTheSameBits_andLeaveTheInputsAlone() {
        Strategy s = exact();
        double[] global = GLOBAL.clone();
        var updates = List.of(update("a", 3, G_A, H_A), update("b", 2, G_B, H_B));
        double[] one = s.aggregate(global, updates, s.initialState(4)).model();
        double[] two = s.aggregate(global, updates, s.initialState(4)).model();
        assertArrayEquals(one, two, 0);
        assertArrayEquals(GLOBAL, global, 0);
    }

    @Test
    void aggregate_refusesAGradientOfTheWrongSize_namingTheAgent() {
        Strategy s = exact();
        var bad = new AgentUpdate("mallory", Weights.zeros(4), 3, 0, 0, 0, Weights.of(1, 2), Weights.of(H_A), Weights.zeros(0));
        var e = assertThrows(IllegalArgumentException.class, () -> s.aggregate(GLOBAL.clone(), List.of(bad), s.initialState(4)));
        assertTrue(e.getMessage().contains("mallory"), e.getMessage());
    }

    @Test
    void newton_isRefusedInLocalAndCentralMode_andForModelsTooLargeForAHessian() {
        Strategy newton = Strategies.parse("newton");
        assertNotNull(newton.unsupported(PrivacyMode.LOCAL));
        assertNotNull(newton.unsupported(PrivacyMode.CENTRAL));
        assertNull(newton.unsupported(PrivacyMode.RECORD));
        assertNull(newton.unsupported(PrivacyMode.NONE));
        assertNotNull(FederatedNewton.unsupported(new ModelShape(2, 600)));
        assertThrows(IllegalArgumentException.class,
                () -> newton.forRun(new Strategy.RunContext(SHAPE, 5, 2, PrivacyMode.LOCAL, 1, 1)));
    }

    @Test
    void defaultStrategy_isNewtonWhereItRuns_andFedavgElsewhere() {
        assertEquals("newton", Strategies.defaultFor(PrivacyMode.NONE, SHAPE).name());
        assertEquals("newton", Strategies.defaultFor(PrivacyMode.RECORD, SHAPE).name());
        assertEquals("fedavg", Strategies.defaultFor(PrivacyMode.CENTRAL, SHAPE).name());
        assertEquals("fedavg", Strategies.defaultFor(PrivacyMode.LOCAL, SHAPE).name());
        assertEquals("fedavg", Strategies.defaultFor(PrivacyMode.NONE, new ModelShape(3, 400)).name());
        assertFalse(Strategies.defaultReason(PrivacyMode.NONE, new ModelShape(3, 400)).equals("fedavg"));
    }
}
