package dev.pmad.coordinator.tracking.local;

import dev.pmad.coordinator.tracking.Artifact;
import dev.pmad.coordinator.tracking.RoundLogged;
import dev.pmad.coordinator.tracking.RunEnded;
import dev.pmad.coordinator.tracking.RunStarted;
import dev.pmad.coordinator.tracking.TrackingSink;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes each run to {@code <root>/<run-id>/}: {@code params.json} and an empty
 * {@code metrics.jsonl} at the start, one metrics line per round as it completes, and at the end
 * every file of the run (rewriting the first two with their final content).
 *
 * <p>Whole files are written to a temporary name and moved into place, so a reader (or a crash)
 * never sees half a summary or half a model.
 */
public final class RunsDirectory implements TrackingSink {
    private static final String METRICS = "metrics.jsonl";
    private static final String PARAMS = "params.json";
    private final Path root;

    public RunsDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "runs directory " + root;
    }

    /** Where the files of {@code runId} go. */
    public Path runDirectory(String runId) {
        if (!runId.matches("[A-Za-z0-9._-]+") || runId.startsWith(".")) {
            throw new IllegalArgumentException("run id '" + runId + "' cannot name a directory");
        }
        return root.resolve(runId);
    }

    @Override
    public void runStarted(RunStarted run) throws IOException {
        Path dir = directory(run.runId());
        write(dir.resolve(PARAMS), run.toParamsJson());
        write(dir.resolve(METRICS), new byte[0]);
    }

    /**
     * The run's directory stays: its params again, and its metrics lines of the rounds completed
     * before the restart (a line of a later round cannot be there: rounds are checkpointed before
     * they are logged, but a hand-made state could say otherwise).
     */
    @Override
    public void runResumed(RunStarted run, int completedRounds) throws IOException {
        Path dir = directory(run.runId());
        write(dir.resolve(PARAMS), run.toParamsJson());
        Path metrics = dir.resolve(METRICS);
        var kept = new StringBuilder();
        if (Files.exists(metrics)) {
            for (String line : Files.readAllLines(metrics, java.nio.charset.StandardCharsets.UTF_8)) {
                var m = java.util.regex.Pattern.compile("\"round\"\\s*:\\s*(\\d+)").matcher(line);
                if (m.find() && Integer.parseInt(m.group(1)) <= completedRounds) kept.append(line).append('\n');
            }
        }
        write(metrics, kept.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void roundLogged(RoundLogged round) throws IOException {
        Path file = directory(round.runId()).resolve(METRICS);
        try {
            Files.write(file, round.toJsonLine(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("cannot append to " + file + " (" + e + "); check RUNS_DIR is writable", e);
        }
    }

    @Override
    public void runEnded(RunEnded run) throws IOException {
        Path dir = directory(run.runId());
        for (Artifact a : run.artifacts()) {
            Path target = dir.resolve(a.path()).normalize();
            if (!target.startsWith(dir)) throw new IOException("artifact path escapes the run directory: " + a.path());
            Files.createDirectories(target.getParent());
            write(target, a.bytes());
        }
    }

    /** Writes one file of an existing run's directory, atomically (for runs ended by reconciliation). */
    public void writeFile(String runId, String name, byte[] bytes) throws IOException {
        write(directory(runId).resolve(name), bytes);
    }

    private Path directory(String runId) throws IOException {
        Path dir = runDirectory(runId);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create " + dir + " (" + e + "); set RUNS_DIR to a writable directory", e);
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + target + " (" + e + "); check RUNS_DIR is writable", e);
        }
    }
}
