package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per ledger, in this JVM and across processes; readers need no lock. */
class PrivacyLedgerLockTest {
    @TempDir Path dir;

    @Test
    void secondOpen_whileTheFirstIsOpen_throwsSayingAnotherAgentUsesIt() {
        Path file = dir.resolve("ledger.json");
        try (PrivacyLedger first = PrivacyLedger.open(file, true)) {
            assertEquals(file, first.file());
            LedgerException e = assertThrows(LedgerException.class, () -> PrivacyLedger.open(file, true));
            assertTrue(e.getMessage().contains("privacy ledger " + file + " is in use by another agent"), e.getMessage());
            // The same file by another spelling is the same ledger.
            Path other = dir.resolve(".").resolve("ledger.json");
            assertThrows(LedgerException.class, () -> PrivacyLedger.open(other, false));
        }
        try (PrivacyLedger again = PrivacyLedger.open(file, false)) {
            assertEquals(file, again.file());
        }
    }

    @Test
    void read_whileAnAgentHoldsTheLock_seesItsLastWrite() {
        Path file = dir.resolve("ledger.json");
        try (PrivacyLedger ledger = PrivacyLedger.open(file, true)) {
            ledger.charge("A", "round 1", new double[ledger.orders().length]);
            assertEquals(1, PrivacyLedger.read(file).runs().size());
        }
    }

    @Test
    void otherProcess_cannotOpenALockedLedger_evenAfterAFailedSecondOpenHere() throws Exception {
        Path file = dir.resolve("ledger.json");
        try (PrivacyLedger ledger = PrivacyLedger.open(file, true)) {
            ledger.charge("A", "round 1", new double[ledger.orders().length]);
            // On POSIX, closing any channel to the lock file would drop this JVM's lock on it.
            assertThrows(LedgerException.class, () -> PrivacyLedger.open(file, false));
            Probe locked = probe(file);
            assertEquals(3, locked.exitCode(), locked.output());
            assertTrue(locked.output().contains("is in use by another agent"), locked.output());
        }
        Probe free = probe(file);
        assertEquals(0, free.exitCode(), free.output());
        assertTrue(free.output().contains("opened 1"), free.output());
    }

    private record Probe(int exitCode, String output) {}

    private static Probe probe(Path file) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LedgerLockProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe JVM did not finish in 60 s");
        }
        return new Probe(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
