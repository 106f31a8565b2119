package dev.pmad.cli;

import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.StartResult;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The coordinator's state directory of the federation commands ({@code simulate}, {@code local},
 * {@code demo}): the command-line form of {@code STATE_DIR}.
 */
public final class StateOptions {
    private static final Logger log = LoggerFactory.getLogger(StateOptions.class);

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Checkpoint the run here after every round, and resume the unfinished run it holds instead of"
                    + " starting a new one (same id, next round; the run's own settings apply). Default: no checkpoints.")
    Path stateDir;

    /** The state directory, or null without {@code --state-dir}. */
    StateDirectory directory() {
        return stateDir == null ? null : new StateDirectory(stateDir);
    }

    /**
     * The unfinished run in {@code directory} (null: none), logged when there is one.
     *
     * @throws dev.pmad.coordinator.checkpoint.CheckpointException when its state file is damaged or
     *         of another version: one line, exit 2
     */
    static RunCheckpoint unfinished(StateDirectory directory) {
        if (directory == null) return null;
        Optional<RunCheckpoint> found = directory.unfinished();
        found.ifPresent(c -> log.info("resuming run {} after round {} of {} from {}", c.runId(), c.round(),
                c.targetRounds(), directory.file()));
        return found.orElse(null);
    }

    /**
     * Asks {@code coordinator} to resume {@code checkpoint}; the run then waits for its quorum.
     *
     * @throws IllegalArgumentException when the coordinator refuses it (another schema, other privacy)
     */
    static void resume(Coordinator coordinator, RunCheckpoint checkpoint) {
        StartResult result;
        try {
            result = coordinator.resumeRun(checkpoint).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resuming run " + checkpoint.runId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the coordinator did not answer the resume of run " + checkpoint.runId() + ": " + e, e);
        }
        if (!result.accepted()) throw new IllegalArgumentException("cannot resume: " + result.error());
    }
}
