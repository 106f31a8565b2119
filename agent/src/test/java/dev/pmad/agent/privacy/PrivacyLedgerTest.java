package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.privacy.PrivacyLedger.Policy;
import dev.pmad.agent.privacy.PrivacyLedger.Run;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a ledger keeps across reopening, and that its epsilon is the accountant's. */
class PrivacyLedgerTest {
    private static final double DELTA = 1e-5;
    private static final double[] ORDERS = RdpAccountant.defaultOrders();

    @TempDir Path dir;

    private Path file() {
        return dir.resolve("ledger.json");
    }

    private PrivacyLedger open() {
        return PrivacyLedger.open(file(), true, new LedgerTestFiles.TickingClock());
    }

    private static double[] subsampledGaussian(double q, double z) {
        return RdpAccountant.subsampledGaussianRdp(q, z, ORDERS);
    }

    @Test
    void open_createIfMissing_writesAnEmptyLedgerAtOnce() {
        try (PrivacyLedger ledger = open()) {
            assertTrue(Files.exists(file()));
            LedgerSnapshot onDisk = PrivacyLedger.read(file());
            assertArrayEquals(ORDERS, onDisk.orders());
            assertArrayEquals(new double[ORDERS.length], onDisk.rdp());
            assertEquals(List.of(), onDisk.runs());
            assertEquals(Optional.empty(), onDisk.policy());
            assertEquals(0, ledger.epsilon(DELTA));
        }
    }

    @Test
    void open_missingFileWithoutCreate_throwsNamingTheFile() {
        LedgerException e = assertThrows(LedgerException.class, () -> PrivacyLedger.open(file(), false));
        assertTrue(e.getMessage().contains("no privacy ledger at " + file()), e.getMessage());
        assertEquals(file(), e.file());
        assertFalse(Files.exists(file()));
        LedgerException read = assertThrows(LedgerException.class, () -> PrivacyLedger.read(file()));
        assertTrue(read.getMessage().contains(file().toString()), read.getMessage());
    }

    @Test
    void open_inMissingDirectory_throwsNamingTheDirectory() {
        Path nowhere = dir.resolve("not-mounted").resolve("ledger.json");
        LedgerException e = assertThrows(LedgerException.class, () -> PrivacyLedger.open(nowhere, true));
        assertTrue(e.getMessage().contains(nowhere.getParent().toString()), e.getMessage());
        assertFalse(Files.exists(nowhere.getParent()));
    }

    @Test
    void charge_thenReopen_keepsTheCurveRunsReleasedValuesAndPolicy() {
        Random random = new Random(42);
        double[] odd = new double[ORDERS.length];
        for (int k = 0; k < odd.length; k++) {
            odd[k] = random.nextDouble() * Math.pow(10, random.nextInt(20) - 10);
        }
        odd[0] = Double.MIN_VALUE;
        odd[1] = 0.1 + 0.2;
        double[] join = {1234.567890123, -0.5, Math.PI * 1e-300};
        double[] rdp;
        List<Run> runs;
        try (PrivacyLedger ledger = open()) {
            ledger.setPolicy(10, DELTA);
            ledger.charge("run-a", "join row count", odd, "join", join);
            ledger.charge("run-a", "round 1 update", subsampledGaussian(0.01, 1.1));
            ledger.charge("run-b", "round 1 update", subsampledGaussian(1, 5));
            rdp = ledger.rdp();
            runs = ledger.runs();
        }
        try (PrivacyLedger reopened = PrivacyLedger.open(file(), false)) {
            assertArrayEquals(rdp, reopened.rdp()); // bit-exact
            assertEquals(runs, reopened.runs()); // Run compares its curve bit-exactly
            assertArrayEquals(join, reopened.released("join").orElseThrow());
            assertEquals(Optional.empty(), reopened.released("other"));
            assertEquals(Optional.of(new Policy(10, DELTA)), reopened.policy());
        }
        Run a = runs.get(0);
        assertEquals("run-a", a.runId());
        assertEquals(2, a.releases());
        assertEquals(LedgerTestFiles.START, a.first());
        assertEquals(LedgerTestFiles.START.plusSeconds(1), a.last());
        assertEquals("round 1 update", a.lastRelease());
        assertEquals(List.of("run-a", "run-b"), runs.stream().map(Run::runId).toList());
    }

    @Test
    void epsilon_equalsAnAccountantThatComposedTheSameMechanisms() {
        var accountant = new RdpAccountant();
        accountant.composeSubsampledGaussian(0.01, 1.1, 10);
        accountant.composeGaussian(5, 1);
        var runA = new RdpAccountant();
        runA.composeSubsampledGaussian(0.01, 1.1, 10);
        try (PrivacyLedger ledger = open()) {
            for (int step = 1; step <= 10; step++) {
                ledger.charge("A", "step " + step, subsampledGaussian(0.01, 1.1));
            }
            ledger.charge("B", "model", subsampledGaussian(1, 5));
            double expected = accountant.epsilon(DELTA);
            assertEquals(expected, ledger.epsilon(DELTA), expected * 1e-9);
            LedgerSnapshot snapshot = ledger.snapshot();
            assertEquals(runA.epsilon(DELTA), snapshot.epsilon(snapshot.runs().get(0), DELTA), runA.epsilon(DELTA) * 1e-9);
            assertEquals(10, snapshot.runs().get(0).releases());
            assertEquals(1, snapshot.runs().get(1).releases());
        }
    }

    @Test
    void epsilonAfter_answersWithoutChangingAnything() throws Exception {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("A", "round 1", subsampledGaussian(0.01, 1.1));
            double[] before = ledger.rdp();
            List<Run> runsBefore = ledger.runs();
            String fileBefore = LedgerTestFiles.text(file());
            double[] next = subsampledGaussian(0.01, 1.1);
            double after = ledger.epsilonAfter(next, DELTA);
            assertTrue(after > ledger.epsilon(DELTA));
            assertArrayEquals(before, ledger.rdp());
            assertEquals(runsBefore, ledger.runs());
            assertEquals(fileBefore, LedgerTestFiles.text(file()));
            ledger.charge("A", "round 2", next);
            assertEquals(after, ledger.epsilon(DELTA));
        }
    }

    @Test
    void charge_infiniteRdp_roundTripsAsTheStringInfinity() throws Exception {
        double[] curve = subsampledGaussian(0.5, 0.8); // +Infinity at no order: add some
        curve[0] = Double.POSITIVE_INFINITY;
        curve[ORDERS.length - 1] = Double.POSITIVE_INFINITY;
        try (PrivacyLedger ledger = open()) {
            ledger.charge("A", "unbounded release", curve);
        }
        assertTrue(LedgerTestFiles.text(file()).contains("\"Infinity\""));
        LedgerSnapshot read = PrivacyLedger.read(file());
        assertArrayEquals(curve, read.rdp());
        assertArrayEquals(curve, read.runs().get(0).rdp());
        assertTrue(Double.isFinite(read.epsilon(DELTA)), "other orders still bound epsilon");
    }

    @Test
    void setPolicy_isWrittenWithTheNextCharge() {
        try (PrivacyLedger ledger = open()) {
            ledger.setPolicy(4, 1e-6);
            assertEquals(Optional.of(new Policy(4, 1e-6)), ledger.policy());
            assertEquals(Optional.empty(), PrivacyLedger.read(file()).policy());
            ledger.charge("A", "round 1", subsampledGaussian(0.01, 1.1));
            assertEquals(Optional.of(new Policy(4, 1e-6)), PrivacyLedger.read(file()).policy());
        }
    }

    @Test
    void charge_invalidCurve_isRefusedAndChangesNothing() {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("A", "round 1", subsampledGaussian(0.01, 1.1));
            double[] before = ledger.rdp();
            double[] negative = subsampledGaussian(0.01, 1.1);
            negative[3] = -1e-9;
            double[] nan = subsampledGaussian(0.01, 1.1);
            nan[4] = Double.NaN;
            assertThrows(IllegalArgumentException.class, () -> ledger.charge("A", "short", new double[3]));
            assertThrows(IllegalArgumentException.class, () -> ledger.charge("A", "negative", negative));
            assertThrows(IllegalArgumentException.class, () -> ledger.charge("A", "nan", nan));
            assertThrows(IllegalArgumentException.class, () -> ledger.epsilonAfter(nan, DELTA));
            assertThrows(IllegalArgumentException.class, () -> ledger.charge(" ", "blank run", before));
            assertArrayEquals(before, ledger.rdp());
            assertEquals(1, ledger.runs().get(0).releases());
        }
    }

    @Test
    void charge_sameReleasedKeyTwice_isRefused() {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("A", "join", subsampledGaussian(1, 5), "join", new double[] {100.5});
            double[] zero = new double[ORDERS.length];
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ledger.charge("A", "join again", zero, "join", new double[] {99.1}));
            assertTrue(e.getMessage().contains("released(\"join\")"), e.getMessage());
            assertArrayEquals(new double[] {100.5}, ledger.released("join").orElseThrow());
        }
    }

    @Test
    void charge_afterClose_isRefused() {
        PrivacyLedger ledger = open();
        ledger.close();
        ledger.close();
        assertThrows(IllegalStateException.class, () -> ledger.charge("A", "late", new double[ORDERS.length]));
    }

    @Test
    void accessors_returnCopies() {
        try (PrivacyLedger ledger = open()) {
            ledger.charge("A", "round 1", subsampledGaussian(0.01, 1.1), "join", new double[] {7});
            ledger.rdp()[0] = 99;
            ledger.orders()[0] = 99;
            ledger.runs().get(0).rdp()[0] = 99;
            ledger.released("join").orElseThrow()[0] = 99;
            assertEquals(subsampledGaussian(0.01, 1.1)[0], ledger.rdp()[0]);
            assertEquals(ORDERS[0], ledger.orders()[0]);
            assertEquals(subsampledGaussian(0.01, 1.1)[0], ledger.runs().get(0).rdp()[0]);
            assertEquals(7, ledger.released("join").orElseThrow()[0]);
        }
    }
}
