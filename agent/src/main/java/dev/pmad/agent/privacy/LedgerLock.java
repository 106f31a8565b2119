package dev.pmad.agent.privacy;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive OS lock on {@code FILE.lock} that makes one agent the only writer of a ledger.
 * The lock file is never deleted: deleting it would let a second agent lock a new file while
 * the first still holds the old one.
 *
 * <p>POSIX drops all of a process's locks on a file when the process closes <em>any</em>
 * channel to it, so a second attempt in the same JVM must not even open the lock file: a
 * registry of the lock files this JVM holds turns it away first.
 */
final class LedgerLock implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private LedgerLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    static Path lockFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /** Locks the ledger at {@code file}, whose directory exists; throws if another agent holds it. */
    static LedgerLock acquire(Path file) {
        Path lockFile = lockFileOf(file);
        Path key;
        try {
            key = LedgerFiles.directoryOf(file).toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            throw cannotLock(file, lockFile, e);
        }
        if (!HELD_IN_THIS_JVM.add(key)) throw inUse(file, lockFile);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, CREATE, WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) throw inUse(file, lockFile);
            return new LedgerLock(key, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeAfterFailure(key, channel);
            throw inUse(file, lockFile);
        } catch (IOException e) {
            closeAfterFailure(key, channel);
            throw cannotLock(file, lockFile, e);
        } catch (RuntimeException e) {
            closeAfterFailure(key, channel);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel drops the lock whatever else failed.
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }

    private static void closeAfterFailure(Path key, FileChannel channel) {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // Nothing of ours is held on it.
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }

    private static LedgerException inUse(Path file, Path lockFile) {
        return new LedgerException(file, "privacy ledger " + file + " is in use by another agent (it holds " + lockFile
                + "); stop that agent first, or give each agent its own ledger — two writers would lose each other's charges");
    }

    private static LedgerException cannotLock(Path file, Path lockFile, IOException e) {
        return new LedgerException(file, "cannot lock privacy ledger " + file + " through " + lockFile + ": "
                + LedgerFiles.describe(e) + "; check permissions on its directory", e);
    }
}
