package dev.pmad.coordinator.checkpoint;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The coordinator's state directory (STATE_DIR, {@code --state-dir}): one file,
 * {@value #FILE}, holding the checkpoint of the latest run.
 *
 * <p>Each write goes to a temporary file that is fsync'd, renamed over the old one and made
 * durable by an fsync of the directory, as the agent's privacy ledger is written: a crash at any
 * point leaves either the previous checkpoint or the new one, never half of one. A temporary file
 * found on open is an interrupted write and is deleted.
 *
 * <p>Not thread-safe: the coordinator writes from its loop thread only.
 */
public final class StateDirectory {
    /** The file name under the directory. */
    public static final String FILE = "coordinator-state.json";

    private final Path directory;
    private final Path file;

    public StateDirectory(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.file = this.directory.resolve(FILE);
    }

    /** The state file. */
    public Path file() {
        return file;
    }

    /**
     * The checkpoint in the directory, if there is one.
     *
     * @throws CheckpointException when the file cannot be read, is damaged or is of another version
     */
    public Optional<RunCheckpoint> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read state file " + file + ": " + e.getMessage()
                    + "; check its permissions", e);
        }
        return Optional.of(CheckpointCodec.decode(file, bytes));
    }

    /** The checkpoint of a run that did not end, to resume; empty when there is none. */
    public Optional<RunCheckpoint> unfinished() {
        return read().filter(RunCheckpoint::unfinished);
    }

    /**
     * Replaces the checkpoint, durably.
     *
     * @throws UncheckedIOException when it cannot be written; the previous checkpoint stays
     */
    public void write(RunCheckpoint checkpoint) {
        byte[] content = CheckpointCodec.encode(checkpoint);
        Path temp = directory.resolve("." + FILE + ".tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write failed already; that is what the caller needs to hear.
            }
            throw new UncheckedIOException("cannot write state file " + file + ": " + e
                    + "; check free space and permissions in " + directory, e);
        }
        // The rename is durable only once the directory entry is.
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename itself has happened.
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
