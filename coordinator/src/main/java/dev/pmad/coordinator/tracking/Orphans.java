package dev.pmad.coordinator.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.tracking.local.RunsDirectory;
import dev.pmad.coordinator.tracking.mlflow.MlflowSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a killed coordinator left open: a run directory without {@code summary.json}, an MLflow run
 * still RUNNING. On start, those that will not be resumed are ended as FAILED with the reason,
 * so that nothing looks alive forever. The run about to be resumed is left as it is.
 *
 * <p>Only for the sole coordinator of a runs directory and an MLflow experiment (the service of a
 * deployment): it cannot tell a run another live process is recording from one left behind.
 */
public final class Orphans {
    /** What an orphan's summary and MLflow tag say. */
    public static final String REASON = "the coordinator stopped during the run (crash, kill or power loss) and the run"
            + " could not be resumed (no checkpoint of it in STATE_DIR)";

    private Orphans() {}

    /**
     * Ends the orphans of {@code settings}'s runs directory and MLflow experiment, except
     * {@code keepRunId} (null: none); failures are reported to {@code problems} and end nothing else.
     *
     * @return the run ids ended
     */
    public static List<String> reconcile(TrackingSettings settings, String keepRunId, Consumer<String> problems) {
        var ended = new ArrayList<String>();
        try {
            ended.addAll(inRunsDirectory(settings.runsDir(), keepRunId));
        } catch (IOException | RuntimeException e) {
            problems.accept("could not look for unfinished runs in " + settings.runsDir() + ": " + e);
        }
        if (settings.mlflowEnabled()) {
            try (var mlflow = new MlflowSink(settings)) {
                for (String id : mlflow.failOrphans(keepRunId, REASON)) {
                    if (!ended.contains(id)) ended.add(id);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                problems.accept("could not end the runs left RUNNING in MLflow: " + e.getMessage());
            }
        }
        return ended;
    }

    /** Writes a FAILED {@code summary.json} into every run directory without one, except {@code keepRunId}'s. */
    static List<String> inRunsDirectory(Path runsDir, String keepRunId) throws IOException {
        if (!Files.isDirectory(runsDir)) return List.of();
        var ended = new ArrayList<String>();
        var directory = new RunsDirectory(runsDir);
        try (Stream<Path> dirs = Files.list(runsDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String runId = dir.getFileName().toString();
                if (runId.equals(keepRunId) || runId.startsWith(".")) continue;
                if (!Files.exists(dir.resolve("params.json")) || Files.exists(dir.resolve(RunFiles.SUMMARY))) continue;
                ObjectNode summary = new ObjectMapper().createObjectNode();
                summary.put("runId", runId);
                summary.put("outcome", Outcome.FAILED.name());
                summary.put("reason", REASON);
                summary.put("endedAt", Instant.now().toString());
                directory.writeFile(runId, RunFiles.SUMMARY,
                        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(summary));
                ended.add(runId);
            }
        }
        return ended;
    }
}
