package dev.pmad.agent.privacy;

import java.nio.file.Path;

/**
 * A privacy ledger cannot be read, locked or written. The message is one line that names the
 * file, says what is wrong and what to do about it. An agent that gets one must release nothing:
 * a release it cannot record is a release it cannot account for.
 */
public final class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public LedgerException(Path file, String message) {
        super(message);
        this.file = file;
    }

    public LedgerException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The ledger file the problem is about. */
    public Path file() {
        return file;
    }

    /** The file exists but its content cannot be trusted: restoring it is the only safe fix. */
    static LedgerException corrupt(Path file, String what) {
        return new LedgerException(file, "privacy ledger " + file + " is corrupt: " + what
                + "; restore it from a backup — an agent never restarts its budget from zero");
    }
}
