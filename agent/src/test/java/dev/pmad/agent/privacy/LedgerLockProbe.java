package dev.pmad.agent.privacy;

import java.nio.file.Path;

/** Run in a child JVM by {@link PrivacyLedgerLockTest}: tries to open the ledger named by args[0]. */
public final class LedgerLockProbe {
    private LedgerLockProbe() {}

    public static void main(String[] args) {
        try (PrivacyLedger ledger = PrivacyLedger.open(Path.of(args[0]), false)) {
            System.out.println("opened " + ledger.runs().size());
            System.exit(0);
        } catch (LedgerException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
