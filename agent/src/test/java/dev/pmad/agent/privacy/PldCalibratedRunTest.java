package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.accounting.PldAccountant;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run planned with the tighter accountant (PLD) needs less noise than RDP would ask for the
 * same epsilon; the agent checks it with the same accountant, from the mechanisms its ledger
 * keeps, so the plan is accepted to its last round, across a restart, and not one round more.
 */
class PldCalibratedRunTest {
    private static final ModelShape SHAPE = new ModelShape(2, 3);
    private static final TrainingParams TRAINING = new TrainingParams(1, 0.1, 10, 1); // 1 epoch, batch 10
    private static final int SAMPLES = 1000;
    private static final int ROUNDS = 5;
    private static final double DELTA = 1e-5;

    @TempDir Path dir;
    private AgentPrivacy privacy;

    @AfterEach
    void close() {
        if (privacy != null) privacy.ledger().close();
    }

    private AgentPrivacy open(double lifetime) {
        if (privacy != null) privacy.ledger().close();
        var policy = new AgentPolicy(EnumSet.of(PrivacyMode.RECORD), lifetime, DELTA, 1.0, 0, 20, false);
        privacy = new AgentPrivacy(policy, PrivacyLedger.open(dir.resolve("ledger.json"), true), RandomSources.seededDrbg(3));
        return privacy;
    }

    private static RoundStart round(int round, PrivacyParams p) {
        return round(round, ROUNDS, p);
    }

    private static RoundStart round(int round, int target, PrivacyParams p) {
        return new RoundStart("run", round, "coordinator", target, SHAPE, Weights.zeros(SHAPE.size()),
                new Standardization(Weights.of(), Weights.of()), TRAINING, p);
    }

    private static double plannedNoise() {
        return PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, 1, DELTA, ROUNDS, SAMPLES, 10, 1);
    }

    @Test
    void aPldCalibratedRecordRun_isAcceptedToItsLastRoundWhereRdpAloneWouldRefuseIt() {
        double z = plannedNoise();
        var params = new PrivacyParams("record", "gaussian", 1, z, 1, DELTA);
        open(1); // the lifetime budget is the run's: only the tighter accountant lets the run fit
        AgentPrivacy.Decision last = null;
        for (int r = 1; r <= ROUNDS; r++) {
            last = privacy.beforeRound(round(r, params), SAMPLES);
            assertTrue(last.allowed(), "round " + r + ": " + last.reason());
        }
        assertTrue(last.runEpsilon() <= 1 && last.runEpsilon() >= 0.99, "run epsilon " + last.runEpsilon());
        double q = PrivacyPlanner.recordSamplingRate(SAMPLES, 10);
        int steps = ROUNDS * PrivacyPlanner.recordStepsPerRound(SAMPLES, 10, 1);
        var rdp = new RdpAccountant();
        rdp.composeSubsampledGaussian(q, z, steps);
        assertTrue(rdp.epsilon(DELTA) > 1.05, "RDP alone would call this run " + rdp.epsilon(DELTA));
        var pld = new PldAccountant();
        pld.composeSubsampledGaussian(q, z, steps);
        assertEquals(pld.epsilon(DELTA), last.runEpsilon(), 1e-12);
        assertEquals(List.of(Mechanism.gaussian(q, z, steps)), privacy.ledger().runs().get(0).mechanisms());

        // A coordinator that stretches the run to one more round, with the same noise, is refused.
        var extra = privacy.beforeRound(round(ROUNDS + 1, ROUNDS + 1, params), SAMPLES);
        assertFalse(extra.allowed(), "one round more than planned");
        assertTrue(extra.reason().contains("above its plan"), extra.reason());
    }

    @Test
    void afterARestartMidRun_theLedgersMechanismsLetTheRunFinish() {
        double z = plannedNoise();
        var params = new PrivacyParams("record", "gaussian", 1, z, 1, DELTA);
        open(1);
        for (int r = 1; r <= 2; r++) assertTrue(privacy.beforeRound(round(r, params), SAMPLES).allowed());
        open(1); // a new process: only the file remains
        for (int r = 3; r <= ROUNDS; r++) {
            var d = privacy.beforeRound(round(r, params), SAMPLES);
            assertTrue(d.allowed(), "round " + r + " after the restart: " + d.reason());
        }
        assertTrue(privacy.lifetimeEpsilon() <= 1 + 1e-9, "lifetime " + privacy.lifetimeEpsilon());
    }

    @Test
    void rdpNoiseFromAnotherCoordinator_isAcceptedAndSpendsLess() {
        // A coordinator that planned with RDP sends more noise than needed: still within the plan.
        int steps = ROUNDS * PrivacyPlanner.recordStepsPerRound(SAMPLES, 10, 1);
        double q = PrivacyPlanner.recordSamplingRate(SAMPLES, 10);
        double rdpNoise = dev.pmad.privacy.accounting.NoiseCalibration.gaussianNoiseMultiplier(1, DELTA, q, steps,
                dev.pmad.privacy.accounting.Accountant.RDP);
        var params = new PrivacyParams("record", "gaussian", 1, rdpNoise, 1, DELTA);
        open(10);
        AgentPrivacy.Decision d = null;
        for (int r = 1; r <= ROUNDS; r++) {
            d = privacy.beforeRound(round(r, params), SAMPLES);
            assertTrue(d.allowed(), d.reason());
        }
        assertEquals(rdpNoise, d.noiseMultiplier(), 0, "the larger of the coordinator's and the agent's own");
        assertTrue(d.runEpsilon() < 0.95, "PLD certifies less than the RDP-planned 1: " + d.runEpsilon());
    }
}
