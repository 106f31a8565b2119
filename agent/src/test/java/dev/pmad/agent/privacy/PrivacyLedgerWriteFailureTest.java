package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.privacy.PrivacyLedger.Run;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails changes nothing, and an interrupted one leaves nothing that matters. */
class PrivacyLedgerWriteFailureTest {
    private static final double[] CURVE = RdpAccountant.subsampledGaussianRdp(0.01, 1.1, RdpAccountant.defaultOrders());

    @TempDir Path dir;

    @Test
    void failedWrite_leavesMemoryAndFileUnchangedAndThrows() throws Exception {
        Path file = dir.resolve("ledger.json");
        try (PrivacyLedger ledger = PrivacyLedger.open(file, true)) {
            ledger.charge("A", "round 1", CURVE);
            double[] rdp = ledger.rdp();
            List<Run> runs = ledger.runs();
            byte[] onDisk = Files.readAllBytes(file);
            // Tests run as root, where permissions are not enforced: block the temp file with a directory.
            Path temp = LedgerFiles.tempOf(file);
            Files.createDirectory(temp);
            Files.writeString(temp.resolve("keep"), "not the ledger's to delete");

            LedgerException e = assertThrows(LedgerException.class,
                    () -> ledger.charge("A", "round 2", CURVE, "join", new double[] {1}));
            assertTrue(e.getMessage().startsWith("cannot write privacy ledger " + file), e.getMessage());
            assertTrue(e.getMessage().contains("nothing may be released"), e.getMessage());
            assertArrayEquals(rdp, ledger.rdp());
            assertEquals(runs, ledger.runs());
            assertEquals(Optional.empty(), ledger.released("join"));
            assertArrayEquals(onDisk, Files.readAllBytes(file));
            assertTrue(Files.exists(temp.resolve("keep")));

            Files.delete(temp.resolve("keep"));
            Files.delete(temp);
            ledger.charge("A", "round 2", CURVE, "join", new double[] {1});
            assertEquals(2, PrivacyLedger.read(file).runs().get(0).releases());
        }
    }

    @Test
    void leftoverTempFile_isIgnoredAndDeleted() throws Exception {
        Path file = dir.resolve("ledger.json");
        try (PrivacyLedger ledger = PrivacyLedger.open(file, true)) {
            ledger.charge("A", "round 1", CURVE);
        }
        Path temp = LedgerFiles.tempOf(file);
        Files.writeString(temp, "{\"format\":\"pmad-privacy-led"); // a crash mid-write
        assertEquals(1, PrivacyLedger.read(file).runs().size());
        try (PrivacyLedger ledger = PrivacyLedger.open(file, false)) {
            assertFalse(Files.exists(temp));
            assertEquals(1, ledger.runs().size());
            ledger.charge("A", "round 2", CURVE);
        }
        assertEquals(2, PrivacyLedger.read(file).runs().get(0).releases());
    }

    @Test
    void leftoverTempFile_withoutALedger_createsAFreshOne() throws Exception {
        Path file = dir.resolve("ledger.json");
        Files.writeString(LedgerFiles.tempOf(file), "{"); // the first write of a new ledger never completed
        try (PrivacyLedger ledger = PrivacyLedger.open(file, true)) {
            assertEquals(0, ledger.runs().size());
        }
        assertFalse(Files.exists(LedgerFiles.tempOf(file)));
    }
}
