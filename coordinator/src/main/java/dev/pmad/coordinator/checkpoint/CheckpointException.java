package dev.pmad.coordinator.checkpoint;

import java.nio.file.Path;

/**
 * A state file that cannot be used: unreadable, corrupt (checksum mismatch, truncated), or
 * written by another format or protocol version. The message is one line naming the file and
 * what to do; the coordinator refuses to start rather than lose or misread a run.
 */
public final class CheckpointException extends RuntimeException {
    private final Path file;

    public CheckpointException(Path file, String message) {
        super(message);
        this.file = file;
    }

    public CheckpointException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The state file concerned. */
    public Path file() {
        return file;
    }
}
