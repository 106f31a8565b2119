package dev.pmad.agent.privacy;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/** Durable, atomic replacement of a ledger file: temp file, fsync, rename, fsync of the directory. */
final class LedgerFiles {
    // Windows cannot open a directory as a channel, so it cannot fsync one; NTFS journals renames.
    private static final boolean DIRECTORY_FSYNC_UNSUPPORTED =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private LedgerFiles() {}

    static Path directoryOf(Path file) {
        return file.toAbsolutePath().getParent();
    }

    /** Where a write goes before it is renamed over the ledger: beside it, so the rename stays on one file system. */
    static Path tempOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * Replaces {@code file} with {@code content}, durably: when this returns, a crash leaves the
     * new content; when it throws, the old file may still be there (or, if only the directory
     * fsync failed, the new one).
     */
    static void writeAtomically(Path file, byte[] content) {
        writeAtomically(file, content, true);
    }

    /** As above; without {@code durable}, atomic but not fsynced (see {@link PrivacyLedger#openThrowaway}). */
    static void writeAtomically(Path file, byte[] content, boolean durable) {
        Path temp = tempOf(file);
        try {
            try (FileChannel channel = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (durable) channel.force(true);
            }
            Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new LedgerException(file, "cannot write privacy ledger " + file + ": " + describe(e)
                    + "; the ledger is unchanged and nothing may be released; check free space and permissions in "
                    + directoryOf(file) + ", then retry", e);
        }
        if (durable) fsyncDirectory(file);
    }

    /** A temp file is only ever complete after its rename: one still there is an interrupted write. */
    static void deleteLeftoverTemp(Path file) {
        deleteQuietly(tempOf(file));
    }

    // The rename is durable only once the directory entry is: without this, a crash can bring
    // back the old ledger after the release it no longer counts.
    private static void fsyncDirectory(Path file) {
        Path directory = directoryOf(file);
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (DIRECTORY_FSYNC_UNSUPPORTED) return;
            throw new LedgerException(file, "cannot make privacy ledger " + file + " durable: fsync of directory "
                    + directory + " failed: " + describe(e) + "; nothing may be released; retry, and check the file system", e);
        }
    }

    // Only a regular file: whatever else sits at the temp path is not ours to delete.
    private static void deleteQuietly(Path temp) {
        try {
            if (Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) Files.delete(temp);
        } catch (IOException e) {
            // The next write truncates it or fails with a message naming it.
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        String one = message == null ? "" : ": " + message.replaceAll("\\s+", " ").strip();
        return e.getClass().getSimpleName() + one;
    }
}
