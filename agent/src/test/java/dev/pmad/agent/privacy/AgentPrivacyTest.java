package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.agent.engine.NewtonSums;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentPrivacyTest {
    private static final ModelShape SHAPE = new ModelShape(2, 3);
    private static final TrainingParams TRAINING = new TrainingParams(1, 0.1, 10, 1);
    private static final int SAMPLES = 100;
    private static final double DELTA = 1e-5;

    private static RoundStart round(String run, int round, int targetRounds, PrivacyParams privacy) {
        return new RoundStart(run, round, "coordinator", targetRounds, SHAPE, Weights.zeros(SHAPE.size()),
                new Standardization(Weights.of(), Weights.of()), TRAINING, privacy);
    }

    private static PrivacyParams params(String mode, String noise, double noiseMultiplier, double budget) {
        return new PrivacyParams(mode, noise, 1.0, noiseMultiplier, budget, DELTA);
    }

    @TempDir Path dir;
    private final List<AgentPrivacy> opened = new ArrayList<>();

    @AfterEach
    void closeLedgers() {
        opened.forEach(p -> p.ledger().close());
    }

    /** Every mode accepted; a lifetime budget of {@code lifetime}, none when 0. */
    private static AgentPolicy all(double lifetime) {
        return new AgentPolicy(EnumSet.allOf(PrivacyMode.class), lifetime > 0 ? lifetime : Double.MAX_VALUE, DELTA,
                Double.MAX_VALUE, 0, 20, false);
    }

    private AgentPrivacy seeded(double lifetime) {
        return seeded(all(lifetime));
    }

    private AgentPrivacy seeded(AgentPolicy policy) {
        var privacy = new AgentPrivacy(policy, PrivacyLedger.open(dir.resolve("ledger-" + opened.size() + ".json"), true),
                RandomSources.seededDrbg(7));
        opened.add(privacy);
        return privacy;
    }

    private static double[] ramp(int d, double scale) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = scale * (i % 5 - 2);
        return v;
    }

    @Test
    void modeNone_passesDeltaUnchanged() {
        AgentPrivacy privacy = seeded(0);
        AgentPrivacy.Decision decision = privacy.beforeRound(round("run", 1, 5, PrivacyParams.NONE), SAMPLES);
        assertTrue(decision.allowed(), decision.reason());
        assertEquals(PrivacyMode.NONE, decision.mode());
        double[] delta = ramp(8, 10);
        double[] released = privacy.release(delta, decision);
        assertArrayEquals(delta, released, 0);
        assertNotSame(delta, released);
    }

    @Test
    void modeNone_notInTheOwnersModes_refusesNamingThePolicy() {
        AgentPrivacy.Decision decision = seeded(AgentPolicy.SERVICE_DEFAULT).beforeRound(round("run", 1, 5, PrivacyParams.NONE), SAMPLES);
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("AGENT_DP_MODES=record,local"), decision.reason());
        assertTrue(decision.reason().contains("none"), decision.reason());
    }

    @Test
    void central_clipsToTheNormWithoutNoise() {
        AgentPrivacy privacy = seeded(0);
        AgentPrivacy.Decision decision = privacy.beforeRound(round("run", 1, 1, params("central", "gaussian", 5, 10)), SAMPLES);
        assertTrue(decision.allowed(), decision.reason());
        double[] big = ramp(8, 10);
        double[] released = privacy.release(big, decision);
        assertEquals(1.0, Clipping.l2Norm(released), 1e-12);
        double factor = released[0] / big[0];
        for (int i = 0; i < big.length; i++) assertEquals(big[i] * factor, released[i], 1e-15); // same direction
        double[] small = ramp(8, 0.01);
        assertArrayEquals(small, privacy.release(small, decision), 0);
    }

    @Test
    void localGaussian_addsNoiseOfStddevMultiplierTimesTwiceClip() {
        AgentPrivacy privacy = seeded(0);
        double z = 5;
        AgentPrivacy.Decision decision = privacy.beforeRound(round("run", 1, 1, params("local", "gaussian", z, 10)), SAMPLES);
        assertTrue(decision.allowed(), decision.reason());
        int d = 2000;
        double[] delta = ramp(d, 1);
        double[] clipped = Clipping.toL2Norm(delta, 1.0);
        double[] released = privacy.release(delta, decision);
        double[] noise = new double[d];
        for (int i = 0; i < d; i++) noise[i] = released[i] - clipped[i];
        // Local sensitivity is 2C (replacement), so sigma = z * 2C.
        double expected = z * 2 * 1.0 * Math.sqrt(d);
        assertEquals(expected, Clipping.l2Norm(noise), 0.1 * expected);
    }

    @Test
    void localLaplace_clipsInL1AndAddsNoise() {
        AgentPrivacy privacy = seeded(0);
        AgentPrivacy.Decision decision = privacy.beforeRound(round("run", 1, 1, params("local", "laplace", 5, 10)), SAMPLES);
        assertTrue(decision.allowed(), decision.reason());
        assertEquals(NoiseKind.LAPLACE, decision.noise());
        double[] delta = ramp(100, 1);
        double[] released = privacy.release(delta, decision);
        double[] clipped = Clipping.toL1Norm(delta, 1.0);
        assertFalse(Arrays.equals(clipped, released));
        double noiseL1 = 0;
        for (int i = 0; i < delta.length; i++) noiseL1 += Math.abs(released[i] - clipped[i]);
        // Laplace scale b = z * 2C has mean |noise| = b per coordinate.
        assertEquals(10 * delta.length, noiseL1, 0.3 * 10 * delta.length);
    }

    @Test
    void noiseTooSmallForBudget_refusesMentioningBudget() {
        AgentPrivacy.Decision decision = seeded(0).beforeRound(round("run", 1, 5, params("central", "gaussian", 0.5, 0.1)), SAMPLES);
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("budget"), decision.reason());
    }

    @Test
    void zeroNoiseMultiplierInDpMode_refuses() {
        for (String mode : new String[] {"record", "local", "central"}) {
            AgentPrivacy.Decision decision = seeded(0).beforeRound(round("run", 1, 5, params(mode, "gaussian", 0, 1)), SAMPLES);
            assertFalse(decision.allowed(), mode);
            assertTrue(decision.reason().contains("unprotected"), decision.reason());
        }
    }

    @Test
    void dpModeWithoutAnyBudget_refuses() {
        AgentPrivacy.Decision decision = seeded(0).beforeRound(round("run", 1, 5, params("central", "gaussian", 5, 0)), SAMPLES);
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("budget 0.0"), decision.reason());
    }

    @Test
    void unknownMode_refusesNamingTheField() {
        AgentPrivacy.Decision decision = seeded(0).beforeRound(round("run", 1, 5, params("sometimes", "gaussian", 5, 1)), SAMPLES);
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("privacy.mode"), decision.reason());
    }

    @Test
    void release_afterRefusal_throws() {
        AgentPrivacy privacy = seeded(0);
        AgentPrivacy.Decision refused = privacy.beforeRound(round("run", 1, 5, params("central", "gaussian", 0, 1)), SAMPLES);
        assertThrows(IllegalStateException.class, () -> privacy.release(new double[8], refused));
    }

    @Test
    void central_runCalibratedForNRounds_refusesRoundNPlusOne() {
        int planned = 3;
        double budget = 1.0;
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, budget, DELTA, planned,
                SAMPLES, TRAINING.batchSize(), TRAINING.epochs());
        assertChargesExactlyPlannedRounds(seeded(0), "central", z, budget, planned);
    }

    @Test
    void record_runCalibratedForNRounds_refusesRoundNPlusOne() {
        int planned = 4;
        double budget = 2.0;
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, budget, DELTA, planned,
                SAMPLES, TRAINING.batchSize(), TRAINING.epochs());
        AgentPrivacy privacy = seeded(0);
        assertChargesExactlyPlannedRounds(privacy, "record", z, budget, planned);
    }

    private static void assertChargesExactlyPlannedRounds(AgentPrivacy privacy, String mode, double z, double budget,
                                                          int planned) {
        double previous = 0;
        for (int r = 1; r <= planned; r++) {
            AgentPrivacy.Decision decision = privacy.beforeRound(round("run", r, planned, params(mode, "gaussian", z, budget)), SAMPLES);
            assertTrue(decision.allowed(), "round " + r + ": " + decision.reason());
            assertTrue(decision.runEpsilon() > previous, "round " + r + " charged nothing");
            previous = decision.runEpsilon();
        }
        assertTrue(previous <= budget * (1 + 1e-9) && previous > 0.9 * budget, "spent " + previous + " of " + budget);
        // A coordinator asking for one more round than it planned is refused.
        AgentPrivacy.Decision extra = privacy.beforeRound(round("run", planned + 1, planned + 1,
                params(mode, "gaussian", z, budget)), SAMPLES);
        assertFalse(extra.allowed());
        assertTrue(extra.reason().contains("budget"), extra.reason());
        // The refused round was not charged, and a new run has a plan of its own (this agent's
        // lifetime budget is unbounded; see AgentPolicyTest for one that is not).
        AgentPrivacy.Decision fresh = privacy.beforeRound(round("other-run", 1, planned, params(mode, "gaussian", z, budget)), SAMPLES);
        assertTrue(fresh.allowed(), fresh.reason());
    }

    @Test
    void centralWithClientSampling_chargesTheWholeRunOnceWhenFirstDrawn_andNothingMoreLater() {
        int planned = 10;
        double rate = 0.3;
        double budget = 1.0;
        double z = PrivacyPlanner.centralNoiseMultiplier(budget, DELTA, planned, rate);
        var sampled = new PrivacyParams("central", "gaussian", 1.0, z, budget, DELTA, rate);
        AgentPrivacy privacy = seeded(0);
        // Drawn in rounds 3, 4 and 9: the first charge is the whole run, what the coordinator plans.
        AgentPrivacy.Decision first = privacy.beforeRound(round("run", 3, planned, sampled), SAMPLES);
        assertTrue(first.allowed(), first.reason());
        // The ledger's curve is RDP's bound for the discrete Gaussian on a Poisson subsample under
        // replace-one (WBK 2019 Thm 9), the coordinator's exact noise; PLD gives no bound for it, so
        // the run's epsilon is RDP's, which the coordinator calibrated to the budget.
        var expected = new dev.pmad.privacy.accounting.RdpAccountant(privacy.ledger().orders());
        expected.composeSampledDiscreteGaussian(rate, z, planned);
        assertEquals(expected.epsilon(DELTA), first.runEpsilon(), 1e-12);
        assertTrue(first.runEpsilon() <= budget && first.runEpsilon() >= 0.99 * budget, "spent " + first.runEpsilon());
        assertArrayEquals(expected.rdp(), privacy.ledger().rdp(), 1e-12);
        assertEquals(java.util.List.of(dev.pmad.privacy.accounting.Mechanism.sampledDiscreteGaussian(rate, z, planned)),
                privacy.ledger().runs().get(0).mechanisms());
        for (int r : new int[] {4, 9}) {
            AgentPrivacy.Decision later = privacy.beforeRound(round("run", r, planned, sampled), SAMPLES);
            assertTrue(later.allowed(), "round " + r + ": " + later.reason());
            assertEquals(first.runEpsilon(), later.runEpsilon(), 0);
        }
        assertArrayEquals(expected.rdp(), privacy.ledger().rdp(), 1e-12);
        assertEquals(1, privacy.ledger().runs().get(0).releases(), "one charge for the run");
    }

    @Test
    void centralWithClientSampling_refusesARoundBeyondTheRunItWasChargedFor() {
        double z = PrivacyPlanner.centralNoiseMultiplier(1.0, DELTA, 5, 0.3);
        var sampled = new PrivacyParams("central", "gaussian", 1.0, z, 1.0, DELTA, 0.3);
        AgentPrivacy privacy = seeded(0);
        assertTrue(privacy.beforeRound(round("run", 2, 5, sampled), SAMPLES).allowed());
        AgentPrivacy.Decision extra = privacy.beforeRound(round("run", 6, 6, sampled), SAMPLES);
        assertFalse(extra.allowed());
        assertTrue(extra.reason().contains("beyond the 5 rounds"), extra.reason());
    }

    @Test
    void centralWithClientSampling_aRunAboveTheLifetimeBudgetIsRefusedBeforeAnythingIsCharged() {
        double z = PrivacyPlanner.centralNoiseMultiplier(1.0, DELTA, 10, 0.3);
        AgentPrivacy privacy = seeded(0.5);
        AgentPrivacy.Decision refused = privacy.beforeRound(round("run", 1, 10,
                new PrivacyParams("central", "gaussian", 1.0, z, 1.0, DELTA, 0.3)), SAMPLES);
        assertFalse(refused.allowed());
        assertTrue(refused.reason().contains("AGENT_DP_EPSILON"), refused.reason());
        assertTrue(privacy.ledger().runs().isEmpty(), "nothing charged");
    }

    @Test
    void localMode_ignoresTheSamplingRate_becauseTheCoordinatorKnowsWhomItDrew() {
        double z = 3;
        AgentPrivacy sampled = seeded(0);
        AgentPrivacy plain = seeded(0);
        AgentPrivacy.Decision a = sampled.beforeRound(round("run", 1, 5,
                new PrivacyParams("local", "gaussian", 1.0, z, 100, DELTA, 0.2)), SAMPLES);
        AgentPrivacy.Decision b = plain.beforeRound(round("run", 1, 5, params("local", "gaussian", z, 100)), SAMPLES);
        assertEquals(b.runEpsilon(), a.runEpsilon(), 0);
    }

    @Test
    void ownEpsilonCapBelowRunBudget_isTheLimit() {
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, 1.0, DELTA, 3,
                SAMPLES, TRAINING.batchSize(), TRAINING.epochs());
        AgentPrivacy.Decision decision = seeded(0.1).beforeRound(round("run", 1, 3, params("central", "gaussian", z, 1.0)), SAMPLES);
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("budget"), decision.reason());
    }

    @Test
    void record_decisionAsksForDpSgdAndReleasesItsWeightsUnchanged() {
        AgentPrivacy privacy = seeded(0);
        AgentPrivacy.Decision decision = privacy.beforeRound(round("run", 1, 1, params("record", "gaussian", 2, 10)), SAMPLES);
        assertTrue(decision.allowed(), decision.reason());
        assertTrue(decision.recordLevel());
        assertTrue(decision.clipNorm() > 0 && decision.noiseMultiplier() > 0, decision.toString());
        double[] delta = ramp(8, 10);
        assertArrayEquals(delta, privacy.release(delta, decision), 0); // DP-SGD already noised the weights
    }

    @Test
    void fedproxRound_costsWhatAPlainSgdRoundCosts_inEveryDpMode() {
        // The proximal term reads no record, so the cost, the noise and the epsilon are plain SGD's.
        for (PrivacyParams p : List.of(params("record", "gaussian", 2, 10), params("local", "gaussian", 2, 10),
                params("central", "gaussian", 2, 10))) {
            RoundStart sgd = round("run", 1, 3, p);
            RoundStart prox = new RoundStart("run", 1, "coordinator", 3, SHAPE, Weights.zeros(SHAPE.size()),
                    sgd.standardization(), TRAINING.withProcedure(Procedure.prox(1)), p);
            AgentPrivacy.Decision plain = seeded(0).beforeRound(sgd, SAMPLES);
            AgentPrivacy.Decision proximal = seeded(0).beforeRound(prox, SAMPLES);
            assertTrue(proximal.allowed(), proximal.reason());
            assertEquals(plain.cost(), proximal.cost(), p.mode());
            assertEquals(plain.noiseMultiplier(), proximal.noiseMultiplier(), 0, p.mode());
            assertEquals(plain.runEpsilon(), proximal.runEpsilon(), 0, p.mode());
        }
    }

    @Test
    void scaffoldRound_isRefusedInEveryDpMode_beforeAnythingIsCharged_andAllowedWithoutDp() {
        for (PrivacyParams p : List.of(params("record", "gaussian", 2, 10), params("local", "gaussian", 2, 10),
                params("central", "gaussian", 2, 10), PrivacyParams.NONE)) {
            AgentPrivacy privacy = seeded(0);
            RoundStart scaffold = new RoundStart("run", 1, "coordinator", 3, SHAPE, Weights.zeros(SHAPE.size()),
                    new Standardization(Weights.of(), Weights.of()),
                    TRAINING.withProcedure(Procedure.scaffold(Weights.zeros(SHAPE.size()))), p);
            AgentPrivacy.Decision decision = privacy.beforeRound(scaffold, SAMPLES);
            if (p.equals(PrivacyParams.NONE)) {
                assertTrue(decision.allowed(), decision.reason());
                continue;
            }
            assertFalse(decision.allowed(), p.mode());
            assertTrue(decision.reason().startsWith("the run asks for SCAFFOLD in privacy mode " + p.mode()), decision.reason());
            assertEquals(0, privacy.lifetimeEpsilon(), 0);
        }
    }

    // ---- federated Newton ----------------------------------------------------------------------

    private static RoundStart newtonRound(String run, int round, int targetRounds, PrivacyParams privacy, boolean curvature) {
        return new RoundStart(run, round, "coordinator", targetRounds, SHAPE, Weights.zeros(SHAPE.size()),
                new Standardization(Weights.of(), Weights.of()), TRAINING.withProcedure(Procedure.newton(curvature)), privacy);
    }

    private static NewtonSums sums(boolean gram) {
        return new NewtonSums(ramp(SHAPE.size(), 1), gram ? ramp(10, 2) : new double[0]);
    }

    @Test
    void newtonInRecordMode_spendsExactlyTheRunsBudgetOverItsRoundsAndOneGramMatrix() {
        AgentPrivacy privacy = seeded(0);
        int rounds = 4;
        double z = PrivacyPlanner.newtonNoiseMultiplier(1.0, DELTA, rounds);
        AgentPrivacy.Decision last = null;
        for (int r = 1; r <= rounds; r++) {
            last = privacy.beforeRound(newtonRound("run", r, rounds, params("record", "gaussian", z, 1.0), r == 1), SAMPLES);
            assertTrue(last.allowed(), last.reason());
            assertTrue(last.newton());
            assertEquals(z, last.noiseMultiplier(), 1e-12);
            privacy.releaseNewton("run", r, sums(r == 1), last, r == 1);
        }
        assertEquals(1.0, last.runEpsilon(), 0.01);
        assertTrue(last.runEpsilon() <= 1.0 + 1e-9);
    }

    @Test
    void newtonInRecordMode_resendsTheKeptGramMatrixAtNoCost() {
        AgentPrivacy privacy = seeded(0);
        double z = PrivacyPlanner.newtonNoiseMultiplier(1.0, DELTA, 3);
        var first = privacy.beforeRound(newtonRound("run", 1, 3, params("record", "gaussian", z, 1.0), true), SAMPLES);
        double[] gram = privacy.releaseNewton("run", 1, sums(true), first, true).curvature();
        double[] before = privacy.ledger().rdp();
        // Asked again (the coordinator lost it, or this agent restarted): the same noised values.
        var second = privacy.beforeRound(newtonRound("run", 2, 3, params("record", "gaussian", z, 1.0), true), SAMPLES);
        double[] again = privacy.releaseNewton("run", 2, sums(true), second, true).curvature();
        assertArrayEquals(gram, again, 0);
        double[] charged = privacy.ledger().rdp();
        double[] oneGradient = new double[before.length];
        var accountant = new dev.pmad.privacy.accounting.RdpAccountant(privacy.ledger().orders());
        PrivacyPlanner.newtonRoundCost(z, 1).composeInto(accountant);
        for (int k = 0; k < before.length; k++) oneGradient[k] = before[k] + accountant.rdp()[k];
        assertArrayEquals(oneGradient, charged, 1e-12);
    }

    @Test
    void newtonInRecordMode_noisesTheGradientForItsSensitivity() {
        AgentPrivacy privacy = seeded(0);
        double z = 3;
        var decision = privacy.beforeRound(newtonRound("run", 1, 50, params("record", "gaussian", z, 50.0), false), SAMPLES);
        assertTrue(decision.allowed(), decision.reason());
        int n = 20_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n / SHAPE.size(); i++) {
            double[] g = privacy.releaseNewton("run", 1, new NewtonSums(new double[SHAPE.size()], new double[0]), decision, false)
                    .gradient();
            for (double v : g) {
                sum += v;
                sumSq += v * v;
            }
        }
        int count = n / SHAPE.size() * SHAPE.size();
        double sd = Math.sqrt(sumSq / count - (sum / count) * (sum / count));
        // stddev z * sqrt(2) * R with R = the round's clip norm 1.0
        assertEquals(z * Math.sqrt(2), sd, 0.05 * z * Math.sqrt(2));
    }

    @Test
    void newton_isRefusedInLocalMode_becauseItsSumsHaveNoUpdateClip() {
        AgentPrivacy privacy = seeded(0);
        var decision = privacy.beforeRound(newtonRound("run", 1, 5, params("local", "gaussian", 2, 1.0), true), SAMPLES);
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("Newton"), decision.reason());
    }

    @Test
    void newtonWithoutDp_releasesTheExactSums() {
        AgentPrivacy privacy = seeded(0);
        var decision = privacy.beforeRound(newtonRound("run", 1, 5, PrivacyParams.NONE, true), SAMPLES);
        var released = privacy.releaseNewton("run", 1, sums(true), decision, true);
        assertArrayEquals(sums(true).gradient(), released.gradient(), 0);
        assertArrayEquals(sums(true).curvature(), released.curvature(), 0);
    }
}
