package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.SecureAggregation;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import dev.pmad.secagg.DistributedDp;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of distributed DP (central mode under secure aggregation): it derives the
 * lattice and its share of the noise from the ROUND_START itself, charges the round at KLS 2021's
 * z_eff before anything leaves, and refuses a coordinator asking for too little noise.
 */
class DistributedDpPrivacyTest {
    private static final ModelShape SHAPE = new ModelShape(2, 3);
    private static final double DELTA = 1e-5;
    private static final List<String> AGENTS = List.of("a", "b", "c", "d", "e");
    /** Five agents, threshold 3, 48 bits, clip bound 1 (the DP clip norm). */
    private static final SecureAggregation SECURE = new SecureAggregation(true, AGENTS, 3, 48, 0, 1.0, 1);

    @TempDir Path dir;

    private static RoundStart round(int round, PrivacyParams privacy, SecureAggregation secure) {
        return round("run", round, privacy, secure);
    }

    private static RoundStart round(String run, int round, PrivacyParams privacy, SecureAggregation secure) {
        return new RoundStart(run, round, "coordinator", 10, SHAPE, Weights.zeros(SHAPE.size()),
                new Standardization(Weights.of(), Weights.of()), new TrainingParams(1, 0.1, 10, 1), privacy, secure);
    }

    private static PrivacyParams central(double z, double budget) {
        return new PrivacyParams("central", "gaussian", 1.0, z, budget, DELTA);
    }

    private AgentPrivacy agent(double minNoiseMultiplier, Path ledger) {
        // A lifetime budget of 5: the run's plan (4) fits, twice its epsilon does not.
        var policy = new AgentPolicy(EnumSet.of(PrivacyMode.CENTRAL), 5, DELTA, 1.0, minNoiseMultiplier, 20, false, true);
        return new AgentPrivacy(policy, PrivacyLedger.open(ledger, true), RandomSources.seededDrbg(7));
    }

    @Test
    void aDistributedRound_isChargedAtTheSumsMultiplier_beforeRelease_andTheLedgerKeepsItAcrossAReopen() {
        double z = PrivacyPlanner.centralNoiseMultiplier(4, DELTA, 10, 1.0);
        Path file = dir.resolve("ledger.json");
        AgentPrivacy privacy = agent(0, file);
        var decision = privacy.beforeRound(round(1, central(z, 4), SECURE), 100);
        assertTrue(decision.allowed(), decision.reason());
        DistributedDp dp = decision.distributed();
        assertNotNull(dp);
        assertEquals(3, dp.threshold());
        assertEquals(SHAPE.size(), dp.dimension());
        double zEff = dp.effectiveNoiseMultiplier();
        assertEquals(zEff, decision.noiseMultiplier());
        assertEquals(z, zEff, 1e-11 * z, "the sum of t shares is worth the run's z, to rounding");
        var run = privacy.ledger().runs().get(0);
        assertEquals("round 1 update (central, distributed)", run.lastRelease());
        assertEquals(List.of(Mechanism.discreteGaussian(zEff, 1)), run.mechanisms());
        assertTrue(privacy.beforeRound(round(2, central(z, 4), SECURE), 100).allowed());
        privacy.ledger().close();

        try (var reopened = PrivacyLedger.open(file, false)) {
            assertEquals(List.of(Mechanism.discreteGaussian(zEff, 2)), reopened.runs().get(0).mechanisms());
        }
    }

    @Test
    void aCoordinatorAskingForTooLittleNoise_isRefusedBeforeAnythingIsCharged() {
        double z = PrivacyPlanner.centralNoiseMultiplier(4, DELTA, 10, 1.0);
        // Below the owner's floor.
        AgentPrivacy floor = agent(z * 1.5, dir.resolve("floor.json"));
        var refused = floor.beforeRound(round(1, central(z, 4), SECURE), 100);
        assertFalse(refused.allowed());
        assertTrue(refused.reason().contains("AGENT_DP_MIN_NOISE_MULTIPLIER"), refused.reason());
        assertTrue(floor.ledger().runs().isEmpty());
        floor.ledger().close();

        AgentPrivacy privacy = agent(0, dir.resolve("ledger.json"));
        // Half the noise its 10 rounds need: the run would spend far more than the owner's lifetime budget.
        var weak = privacy.beforeRound(round(1, central(z * 0.5, 4), SECURE), 100);
        assertFalse(weak.allowed());
        assertTrue(weak.reason().contains("privacy budget exhausted"), weak.reason());
        // Client sampling would be counted on by the coordinator, which knows who took part.
        var sampled = privacy.beforeRound(round("sampled", 1, new PrivacyParams("central", "gaussian", 1.0, z, 4, DELTA, 0.5),
                SECURE), 100);
        assertFalse(sampled.allowed());
        assertTrue(sampled.reason().contains("FRACTION_FIT=1"), sampled.reason());
        // A secure bound other than the clip the noise is scaled to.
        var bound = privacy.beforeRound(round("bound", 1, central(z, 4), new SecureAggregation(true, AGENTS, 3, 48, 0, 2.0, 1)), 100);
        assertFalse(bound.allowed());
        assertTrue(bound.reason().contains("not its DP clip norm"), bound.reason());
        // A ring too small for the noised sum.
        var ring = privacy.beforeRound(round("ring", 1, central(z, 4), new SecureAggregation(true, AGENTS, 3, 16, 0, 1.0, 1)), 100);
        assertFalse(ring.allowed());
        assertTrue(ring.reason().contains("SECURE_AGGREGATION_BITS=16"), ring.reason());
        assertTrue(privacy.ledger().runs().isEmpty(), "nothing charged for a refused round");
        privacy.ledger().close();
    }
}
