package dev.pmad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.tracking.RoundLogged;
import dev.pmad.coordinator.tracking.RunEnded;
import dev.pmad.coordinator.tracking.RunStarted;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.TrackingSink;
import dev.pmad.coordinator.tracking.local.RunsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run's files went: {@code RUNS_DIR/<run-id>/}, and its {@code model/} directory when a
 * model was exported. Either is {@code null} when nothing was written there (no round completed,
 * the runs directory was not writable).
 */
record RunLocation(String runId, Path runDir, Path model) {

    /** Looks on disk; call it once the run's tracker is closed (or idle). */
    static RunLocation of(Map<String, String> env, String runId) {
        return of(TrackingSettings.fromEnvironment(env).runsDir(), runId);
    }

    static RunLocation of(Path runsDir, String runId) {
        Path dir = new RunsDirectory(runsDir).runDirectory(runId);
        Path model = dir.resolve(RunEnded.MODEL_DIR);
        return new RunLocation(runId, Files.isDirectory(dir) ? dir : null, Files.isDirectory(model) ? model : null);
    }

    /** Adds {@code runDir} and {@code model} (paths or null) to a command's JSON result. */
    void addTo(ObjectNode json) {
        json.put("runDir", runDir == null ? null : runDir.toString());
        json.put("model", model == null ? null : model.toString());
    }

    /** One sentence for stderr and the dashboard's log. */
    String sentence() {
        if (runDir == null) return "run " + runId + ": nothing was written to the runs directory (RUNS_DIR); see the warnings above";
        if (model == null) return "run " + runId + ": its files are in " + runDir + " (no model: no round completed)";
        return "run " + runId + ": its files are in " + runDir + ", its model in " + model
                + " (score rows with: pmad predict --model " + model + " --data F.csv)";
    }

    /**
     * The tracking sink that tells where each run went, once the runs directory (the sink before
     * it) has written the run's files: a log line on stderr, and a line for the dashboard's log.
     */
    static final class Announcer implements TrackingSink {
        private static final Logger log = LoggerFactory.getLogger("dev.pmad.cli.Runs");
        private final Path runsDir;
        private final Consumer<String> notices;

        Announcer(Path runsDir, Consumer<String> notices) {
            this.runsDir = runsDir;
            this.notices = notices;
        }

        @Override
        public String name() {
            return "run announcements";
        }

        @Override
        public void runStarted(RunStarted run) {
            // Nothing to say until the run's files exist.
        }

        @Override
        public void roundLogged(RoundLogged round) {
            // Only the end of a run is announced.
        }

        @Override
        public void runEnded(RunEnded run) {
            String sentence = of(runsDir, run.runId()).sentence();
            log.info(sentence);
            notices.accept(sentence);
        }
    }
}
