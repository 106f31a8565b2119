package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's policy, enforced against whatever the coordinator asks: each test is one way a
 * coordinator could ask for less protection than the owner allows, and the agent's answer.
 */
class AgentPolicyTest {
    private static final ModelShape SHAPE = new ModelShape(2, 3);
    private static final TrainingParams TRAINING = new TrainingParams(1, 0.1, 10, 1);
    private static final int SAMPLES = 1000;
    private static final double DELTA = 1e-5;

    @TempDir Path dir;
    private AgentPrivacy privacy;

    @AfterEach
    void close() {
        if (privacy != null) privacy.ledger().close();
    }

    private static AgentPolicy policy(Set<PrivacyMode> modes, double lifetime) {
        return new AgentPolicy(modes, lifetime, DELTA, 1.0, 0.5, 20, false);
    }

    private AgentPrivacy open(AgentPolicy policy) {
        if (privacy != null) privacy.ledger().close();
        privacy = new AgentPrivacy(policy, PrivacyLedger.open(dir.resolve("ledger.json"), true), RandomSources.seededDrbg(3));
        return privacy;
    }

    private static RoundStart round(String run, int round, int target, PrivacyParams p) {
        return new RoundStart(run, round, "coordinator", target, SHAPE, Weights.zeros(SHAPE.size()),
                new Standardization(Weights.of(), Weights.of()), TRAINING, p);
    }

    private static PrivacyParams local(double z, double budget, double delta, double clip) {
        return new PrivacyParams("local", "gaussian", clip, z, budget, delta);
    }

    /** The local-mode noise multiplier that spends {@code budget} over {@code rounds}. */
    private static double calibrated(double budget, int rounds) {
        return PrivacyPlanner.noiseMultiplier(PrivacyMode.LOCAL, NoiseKind.GAUSSIAN, budget, DELTA, rounds, SAMPLES, 10, 1);
    }

    @Test
    void modeTheOwnerDoesNotAccept_isRefused() {
        open(policy(EnumSet.of(PrivacyMode.RECORD), 10));
        var d = privacy.beforeRound(round("run", 1, 5, local(calibrated(1, 5), 1, DELTA, 1)), SAMPLES);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("AGENT_DP_MODES=record"), d.reason());
        assertEquals(0, privacy.lifetimeEpsilon(), "a refused round is not charged");
    }

    @Test
    void largerDeltaThanTheOwners_isRefused_evenWhenTheRunsEpsilonFits() {
        // z = 4.33 meets epsilon 1 only at delta 0.1; at the owner's 1e-5 it spends 3.31.
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 1));
        var d = privacy.beforeRound(round("run", 1, 1, local(4.33, 1, 0.1, 1)), SAMPLES);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("AGENT_DP_DELTA"), d.reason());
    }

    @Test
    void epsilonIsComputedAtTheOwnersDelta_notTheRuns() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        double z = calibrated(1, 1);
        var d = privacy.beforeRound(round("run", 1, 1, local(z, 2, 1e-7, 1)), SAMPLES);
        assertTrue(d.allowed(), d.reason());
        // Both with the accountant runs are planned with: the smaller of PLD and RDP, which for a
        // local round's discrete Gaussian is RDP's (PLD claims no bound for discrete noise).
        var reference = dev.pmad.privacy.accounting.Accountant.TIGHTEST.create();
        reference.composeDiscreteGaussian(z, 1);
        assertEquals(reference.epsilon(DELTA), d.lifetimeEpsilon(), 1e-12);
        assertEquals(reference.epsilon(1e-7), d.runEpsilon(), 1e-12);
    }

    @Test
    void localRelease_isExactDiscreteNoiseOnAPowerOfTwoLattice_chargedAsDiscrete() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        double z = calibrated(1, 1);
        var d = privacy.beforeRound(round("run", 1, 1, local(z, 1, DELTA, 0.5)), SAMPLES);
        assertTrue(d.allowed(), d.reason());
        double[] delta = {3, -4, 0.1, 0, 0, 0};
        double[] released = privacy.release(delta, d);
        double stddev = Math.nextUp(z * 2 * 0.5);
        int m = dev.pmad.privacy.mechanism.LatticeRelease.clippedExponent(0.5, stddev, delta.length, false);
        assertTrue(Math.scalb(1.0, -m) <= stddev / 1024, "the lattice step is at most a thousandth of the noise");
        for (double x : released) {
            double steps = Math.scalb(x, m);
            assertEquals(Math.rint(steps), steps, 0, x + " is not on the lattice 2^-" + m);
        }
        var run = privacy.ledger().snapshot().runs().stream().filter(r -> r.runId().equals("run")).findFirst().orElseThrow();
        assertEquals(java.util.List.of(dev.pmad.privacy.accounting.Mechanism.discreteGaussian(z, 1)), run.mechanisms());
    }

    @Test
    void noisedEvaluationCounts_areIntegers_withTheLossOnAFineLattice_andChargedAsOneDiscreteGaussian() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        var exact = new dev.pmad.agent.training.EvaluationCounts(new long[] {50, 3, 4, 43}, 37.25, 100);
        var noised = privacy.aggregates().evaluation("run", 1, exact);
        long n = 0;
        for (long c : noised.confusion()) {
            assertTrue(c >= 0);
            n += c;
        }
        assertEquals(n, noised.n());
        // z = 20: the loss over the cap lies on 2^-m Z with 2^-m <= 20 sqrt(2) / 2^10, i.e. m = 6.
        double steps = Math.scalb(noised.cappedLossSum() / dev.pmad.agent.training.EvaluationCounts.LOSS_CAP, 6);
        assertEquals(Math.rint(steps), steps, 1e-6);
        var run = privacy.ledger().snapshot().runs().stream().filter(r -> r.runId().equals("run evaluation"))
                .findFirst().orElseThrow();
        assertEquals(java.util.List.of(dev.pmad.privacy.accounting.Mechanism.discreteGaussian(20, 1)), run.mechanisms());
    }

    @Test
    void clipNormAboveTheOwnersCap_isRefused() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 10));
        var d = privacy.beforeRound(round("run", 1, 5, local(calibrated(1, 5), 1, DELTA, 2)), SAMPLES);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("AGENT_DP_MAX_CLIP_NORM"), d.reason());
    }

    @Test
    void noiseMultiplierBelowTheOwnersMinimum_isRefused() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 1e6));
        var d = privacy.beforeRound(round("run", 1, 1, local(0.01, 1e6, DELTA, 1)), SAMPLES);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("AGENT_DP_MIN_NOISE_MULTIPLIER"), d.reason());
    }

    @Test
    void hugeBudgetWithTinyNoise_isRefusedByTheLifetimeBudget() {
        // A coordinator asking for budget 1e6 with z = 0.6 (epsilon about 9) is not obeyed: the owner's cap is 5.
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 5));
        var d = privacy.beforeRound(round("run", 1, 1, local(0.6, 1e6, DELTA, 1)), SAMPLES);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("AGENT_DP_EPSILON=5"), d.reason());
    }

    @Test
    void privacySettingsChangedMidRun_areRefused() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL, PrivacyMode.CENTRAL), 10));
        double z = calibrated(1, 5);
        assertTrue(privacy.beforeRound(round("run", 1, 5, local(z, 1, DELTA, 1)), SAMPLES).allowed());
        var d = privacy.beforeRound(round("run", 2, 5, new PrivacyParams("central", "gaussian", 1, z, 1, DELTA)), SAMPLES);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("changed its privacy settings mid-run"), d.reason());
    }

    private static PrivacyParams central(double z, double clip, boolean adaptive) {
        return new PrivacyParams("central", "gaussian", clip, z, 1, DELTA, 1.0, adaptive);
    }

    @Test
    void adaptiveClippingRun_mayMoveItsClipNorm_andNothingElse() {
        open(policy(EnumSet.of(PrivacyMode.CENTRAL), 10));
        double z = PrivacyPlanner.centralNoiseMultiplier(1, DELTA, 5, 1);
        var first = privacy.beforeRound(round("adaptive", 1, 5, central(z, 0.5, true)), SAMPLES);
        var second = privacy.beforeRound(round("adaptive", 2, 5, central(z, 0.8, true)), SAMPLES);
        assertTrue(first.allowed() && second.allowed(), second.reason());
        assertEquals(0.8, second.clipNorm(), 0);
        // Accounted as fixed clipping at z: the same epsilon after two rounds as a fixed-clip run.
        assertTrue(privacy.beforeRound(round("fixed", 1, 5, central(z, 0.5, false)), SAMPLES).allowed());
        var fixed = privacy.beforeRound(round("fixed", 2, 5, central(z, 0.5, false)), SAMPLES);
        assertEquals(fixed.runEpsilon(), second.runEpsilon(), 1e-12);

        var lessNoise = privacy.beforeRound(round("adaptive", 3, 5, central(z / 2, 0.8, true)), SAMPLES);
        assertFalse(lessNoise.allowed());
        assertTrue(lessNoise.reason().contains("may change its clip norm, nothing else"), lessNoise.reason());
        var fixedMoved = privacy.beforeRound(round("fixed", 3, 5, central(z, 0.7, false)), SAMPLES);
        assertFalse(fixedMoved.allowed(), "a run that did not declare adaptive clipping keeps its clip");
        var turnedAdaptive = privacy.beforeRound(round("fixed", 3, 5, central(z, 0.7, true)), SAMPLES);
        assertFalse(turnedAdaptive.allowed(), "adaptive clipping is declared at the first round or never");
        var aboveCap = privacy.beforeRound(round("adaptive", 3, 5, central(z, 1.5, true)), SAMPLES);
        assertFalse(aboveCap.allowed());
        assertTrue(aboveCap.reason().contains("AGENT_DP_MAX_CLIP_NORM"), aboveCap.reason());
    }

    @Test
    void unclippedBit_isSentOnlyInAdaptiveRounds() {
        open(policy(EnumSet.of(PrivacyMode.CENTRAL), 10));
        double z = PrivacyPlanner.centralNoiseMultiplier(1, DELTA, 5, 1);
        var adaptive = privacy.beforeRound(round("adaptive", 1, 5, central(z, 0.5, true)), SAMPLES);
        assertTrue(privacy.unclipped(new double[] {0.3, 0.4}, adaptive), "norm 0.5: a tie is unclipped");
        assertFalse(privacy.unclipped(new double[] {0.3, 0.41}, adaptive));
        var fixed = privacy.beforeRound(round("fixed", 1, 5, central(z, 0.5, false)), SAMPLES);
        assertFalse(privacy.unclipped(new double[] {0.1, 0.1}, fixed), "a fixed-clip round sends no bit");
    }

    @Test
    void newRunIdPerRound_isBoundByTheLifetimeBudget() {
        // Each run plans its own epsilon 1, and the dataset has 1 in its lifetime.
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 1));
        double z = calibrated(1, 1);
        int accepted = 0;
        for (int r = 1; r <= 100; r++) {
            if (privacy.beforeRound(round("run-" + r, 1, 1, local(z, 1, DELTA, 1)), SAMPLES).allowed()) accepted++;
        }
        assertEquals(1, accepted, "rounds accepted out of 100 fresh run ids");
        assertTrue(privacy.lifetimeEpsilon() <= 1 + 1e-9);
    }

    @Test
    void agentRestartBetweenRuns_keepsWhatWasSpent() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 1));
        double z = calibrated(1, 1);
        assertTrue(privacy.beforeRound(round("run-a", 1, 1, local(z, 1, DELTA, 1)), SAMPLES).allowed());
        double spent = privacy.lifetimeEpsilon();

        open(policy(EnumSet.of(PrivacyMode.LOCAL), 1)); // the agent restarts: a new process, the same ledger
        assertEquals(spent, privacy.lifetimeEpsilon(), 0);
        var d = privacy.beforeRound(round("run-b", 1, 1, local(z, 1, DELTA, 1)), SAMPLES);
        assertFalse(d.allowed(), "a restart must not restart the budget");
        assertTrue(d.reason().contains("lifetime"), d.reason());
    }

    @Test
    void moreRoundsThanPlanned_areRefusedByTheRunsPlan_evenWithinTheLifetimeBudget() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 100));
        double z = calibrated(1, 3);
        for (int r = 1; r <= 3; r++) assertTrue(privacy.beforeRound(round("run", r, 3, local(z, 1, DELTA, 1)), SAMPLES).allowed());
        var d = privacy.beforeRound(round("run", 4, 4, local(z, 1, DELTA, 1)), SAMPLES);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("above its plan"), d.reason());
    }

    @Test
    void moreEpochsThanPlanned_costMore_andAreRefusedByTheRunsPlan() {
        open(new AgentPolicy(EnumSet.of(PrivacyMode.RECORD), 100, DELTA, 1.0, 0, 20, false));
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, 1, DELTA, 2, SAMPLES, 10, 1);
        var record = new PrivacyParams("record", "gaussian", 1, z, 1, DELTA);
        assertTrue(privacy.beforeRound(round("run", 1, 2, record), SAMPLES).allowed());
        var tenEpochs = new RoundStart("run", 2, "coordinator", 2, SHAPE, Weights.zeros(SHAPE.size()),
                new Standardization(Weights.of(), Weights.of()), new TrainingParams(10, 0.1, 10, 1), record);
        var d = privacy.beforeRound(tenEpochs, SAMPLES);
        assertFalse(d.allowed(), "10 epochs instead of the planned 1");
        assertTrue(d.reason().contains("above its plan"), d.reason());
    }

    @Test
    void theChargeIsInTheFileBeforeTheDecisionReturns() {
        open(policy(EnumSet.of(PrivacyMode.LOCAL), 10));
        var d = privacy.beforeRound(round("run", 1, 5, local(calibrated(1, 5), 1, DELTA, 1)), SAMPLES);
        assertTrue(d.allowed());
        // Read by another reader, as after a crash right after the decision.
        var onDisk = PrivacyLedger.read(dir.resolve("ledger.json"));
        assertEquals(d.lifetimeEpsilon(), onDisk.epsilon(DELTA), 1e-12);
        assertTrue(d.lifetimeEpsilon() <= RdpAccountant.epsilonFromRdp(onDisk.orders(), onDisk.rdp(), DELTA));
    }
}
