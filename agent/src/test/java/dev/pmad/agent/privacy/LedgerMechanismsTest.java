package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.accounting.PldAccountant;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ledger version 2 keeps each run's mechanisms beside its RDP curve, so a PLD accountant can
 * recompose what was released after a restart; version-1 ledgers still read, their runs
 * accounted by RDP alone; and mechanisms that do not match the curve are refused.
 */
class LedgerMechanismsTest {
    private static final double DELTA = 1e-5;
    private static final double[] ORDERS = RdpAccountant.defaultOrders();

    @TempDir Path dir;

    private Path file() {
        return dir.resolve("ledger.json");
    }

    private PrivacyLedger open() {
        return PrivacyLedger.open(file(), true, new LedgerTestFiles.TickingClock());
    }

    @Test
    void chargedMechanisms_areMergedKeptAcrossReopeningAndGiveTheTighterEpsilon() {
        try (PrivacyLedger ledger = open()) {
            for (int round = 0; round < 10; round++) {
                ledger.charge("run", "round " + round, List.of(Mechanism.gaussian(0.1, 1.0, 10)));
            }
            ledger.charge("run evaluation", "round 1 evaluation", List.of(Mechanism.gaussian(1, 20, 1)));
        }
        LedgerSnapshot onDisk = PrivacyLedger.read(file());
        var run = onDisk.runs().get(0);
        assertEquals(List.of(Mechanism.gaussian(0.1, 1.0, 100)), run.mechanisms());
        // dp_accounting's PLDAccountant: 7.04660287720805 for q = 0.1, z = 1, 100 steps (RDP 7.90).
        assertEquals(7.04660287720805, onDisk.epsilon(run, DELTA), 1e-6);
        var rdp = new RdpAccountant();
        rdp.composeSubsampledGaussian(0.1, 1.0, 100);
        assertEquals(rdp.rdp()[40], run.rdp()[40], 1e-12 * rdp.rdp()[40]);
        double lifetime = PldAccountant.epsilonOf(
                List.of(Mechanism.gaussian(0.1, 1.0, 100), Mechanism.gaussian(1, 20, 1)), DELTA);
        assertEquals(lifetime, onDisk.epsilon(DELTA), 1e-12);
        assertTrue(onDisk.epsilon(DELTA) < RdpAccountant.epsilonFromRdp(ORDERS, onDisk.rdp(), DELTA));
    }

    @Test
    void discreteMechanisms_keepTheirFlagAcrossReopening_andAreAccountedByRdpAlone() throws IOException {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("local", "round 1 update (local)", List.of(Mechanism.discreteGaussian(2.0, 1)));
            ledger.charge("local", "round 2 update (local)", List.of(Mechanism.discreteGaussian(2.0, 1)));
            ledger.charge("laplace", "round 1 update (local)", List.of(Mechanism.discreteLaplace(5.0, 1)));
        }
        JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file().toFile());
        assertTrue(written.at("/runs/0/mechanisms/0/discrete").booleanValue());
        LedgerSnapshot onDisk = PrivacyLedger.read(file());
        var run = onDisk.runs().get(0);
        assertEquals(List.of(Mechanism.discreteGaussian(2.0, 2)), run.mechanisms());
        var rdp = new RdpAccountant();
        rdp.composeDiscreteGaussian(2.0, 2);
        assertEquals(rdp.epsilon(DELTA), onDisk.epsilon(run, DELTA), 1e-12, "PLD gives no bound for discrete noise");
        rdp.composeDiscreteLaplace(5.0, 1);
        assertEquals(rdp.epsilon(DELTA), onDisk.epsilon(DELTA), 1e-9);
    }

    @Test
    void aSampledDiscreteRun_keepsRateRelationAndDiscreteAcrossReopening_andRecomposesIdentically() throws IOException {
        // Central mode with client sampling since its release became exact: q = 0.2, z = 3, 30 rounds.
        Mechanism sampled = Mechanism.sampledDiscreteGaussian(0.2, 3.0, 30);
        double before;
        try (PrivacyLedger ledger = open()) {
            ledger.charge("sampled", "run of 30 rounds", List.of(sampled));
            before = ledger.snapshot().epsilon(ledger.snapshot().runs().get(0), DELTA);
        }
        JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file().toFile());
        assertEquals("replace-one", written.at("/runs/0/mechanisms/0/neighbours").textValue());
        assertTrue(written.at("/runs/0/mechanisms/0/discrete").booleanValue());
        assertEquals(0.2, written.at("/runs/0/mechanisms/0/samplingRate").doubleValue(), 0);
        LedgerSnapshot onDisk = PrivacyLedger.read(file());
        var run = onDisk.runs().get(0);
        assertEquals(List.of(sampled), run.mechanisms());
        var rdp = new RdpAccountant();
        rdp.composeSampledDiscreteGaussian(0.2, 3.0, 30);
        assertEquals(rdp.epsilon(DELTA), onDisk.epsilon(run, DELTA), 1e-12, "RDP's Theorem 9 bound; no PLD for it");
        assertEquals(before, onDisk.epsilon(run, DELTA), 0);
        assertArrayEquals(rdp.rdp(), run.rdp(), 1e-12);
    }

    @Test
    void aReplaceOneRun_keepsItsRelationAcrossReopening_andIsNeverRecomposedAsAddRemove() throws IOException {
        // A ledger from before the release became discrete: continuous, q = 0.2, z = 1, 100 rounds, charged at once.
        try (PrivacyLedger ledger = open()) {
            ledger.charge("sampled", "run of 100 rounds", List.of(Mechanism.replaceOneGaussian(0.2, 1.0, 100)));
        }
        JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file().toFile());
        assertEquals("replace-one", written.at("/runs/0/mechanisms/0/neighbours").textValue());
        LedgerSnapshot onDisk = PrivacyLedger.read(file());
        var run = onDisk.runs().get(0);
        assertEquals(List.of(Mechanism.replaceOneGaussian(0.2, 1.0, 100)), run.mechanisms());
        // The replace-one PLD (ReplaceOnePldTest checks it against independent privacy buckets)
        // is below RDP's 16.08 here; the add/remove PLD's 14.5275 (dp_accounting) must not answer.
        var replace = new PldAccountant();
        replace.composeReplaceOneSubsampledGaussian(0.2, 1.0, 100);
        assertEquals(replace.epsilon(DELTA), onDisk.epsilon(run, DELTA), 1e-12);
        assertTrue(Math.abs(onDisk.epsilon(run, DELTA) - 14.5275179) > 1);
        // A ledger that dropped the relation is refused, not read as add/remove.
        LedgerTestFiles.editAndResign(file(), root -> ((ObjectNode) root.at("/runs/0/mechanisms/0")).remove("neighbours"));
        LedgerException e = assertThrows(LedgerException.class, () -> PrivacyLedger.read(file()));
        assertTrue(e.getMessage().contains("neighbours"), e.getMessage());
    }

    @Test
    void aBareCurve_leavesTheRunToRdpAlone() {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("run", "round 1", List.of(Mechanism.gaussian(0.1, 1.0, 100)));
            ledger.charge("run", "something else", RdpAccountant.subsampledGaussianRdp(1, 50, ORDERS));
            var run = ledger.runs().get(0);
            assertNull(run.mechanisms());
            assertEquals(RdpAccountant.epsilonFromRdp(ORDERS, run.rdp(), DELTA), ledger.snapshot().epsilon(run, DELTA));
            assertEquals(RdpAccountant.epsilonFromRdp(ORDERS, ledger.rdp(), DELTA), ledger.epsilon(DELTA));
        }
    }

    @Test
    void aVersion1Ledger_isReadWithItsRunsOnRdp_andWrittenBackAsVersion2() throws IOException {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("old", "round 1", List.of(Mechanism.gaussian(0.1, 1.0, 100)));
        }
        LedgerTestFiles.editAndResign(file(), root -> { // as an earlier pmad wrote it
            root.put("version", 1);
            for (JsonNode run : root.get("runs")) ((ObjectNode) run).remove("mechanisms");
        });
        double rdpOnly = RdpAccountant.epsilonFromRdp(ORDERS, PrivacyLedger.read(file()).rdp(), DELTA);
        try (PrivacyLedger ledger = open()) {
            assertNull(ledger.runs().get(0).mechanisms());
            assertEquals(rdpOnly, ledger.epsilon(DELTA), 0);
            ledger.charge("new", "round 1", List.of(Mechanism.gaussian(1, 5, 1)));
            var fresh = ledger.runs().get(1);
            assertTrue(ledger.snapshot().epsilon(fresh, DELTA)
                    < RdpAccountant.epsilonFromRdp(ORDERS, fresh.rdp(), DELTA), "the new run alone is on PLD");
            assertEquals(RdpAccountant.epsilonFromRdp(ORDERS, ledger.rdp(), DELTA), ledger.epsilon(DELTA), 0,
                    "the lifetime includes an unknown run: RDP");
        }
        JsonNode written = LedgerFormat.JSON.readTree(file().toFile());
        assertEquals(2, written.get("version").asInt());
        assertTrue(written.at("/runs/0/mechanisms").isNull());
    }

    @Test
    void mechanismsThatDoNotMatchTheCurve_areRefused() throws IOException {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("run", "round 1", List.of(Mechanism.gaussian(0.1, 1.0, 100)));
        }
        LedgerTestFiles.editAndResign(file(), root -> ((ObjectNode) root.at("/runs/0/mechanisms/0")).put("count", 10));
        var e = assertThrows(LedgerException.class, () -> PrivacyLedger.read(file()));
        assertTrue(e.getMessage().contains("runs[0].mechanisms do not account for runs[0].rdp"), e.getMessage());
    }

    @Test
    void invalidMechanisms_areRefusedNamingTheField() throws IOException {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("run", "round 1", List.of(Mechanism.gaussian(0.1, 1.0, 100)));
        }
        LedgerTestFiles.editAndResign(file(), root -> ((ObjectNode) root.at("/runs/0/mechanisms/0")).put("noise", "cauchy"));
        var e = assertThrows(LedgerException.class, () -> PrivacyLedger.read(file()));
        assertTrue(e.getMessage().contains("runs[0].mechanisms[0]"), e.getMessage());
    }
}
