package dev.pmad.coordinator.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.tracking.local.RunsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumedRunFilesTest {
    @TempDir Path runs;

    private static RunStarted start(String runId) {
        return new RunStarted(runId, 12, Instant.parse("2025-01-01T00:00:00Z"), Map.of("rounds", "12"), Map.of());
    }

    private static RoundLogged round(String runId, int n) {
        return new RoundLogged(runId, n, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(n), Map.of("accuracy", 0.5 + n / 100.0));
    }

    @Test
    void aResumedRunKeepsItsDirectoryAndTheMetricsOfItsCheckpointedRounds() throws Exception {
        var directory = new RunsDirectory(runs);
        directory.runStarted(start("run-a"));
        for (int n = 1; n <= 7; n++) directory.roundLogged(round("run-a", n));
        directory.runResumed(start("run-a"), 6); // a line past the checkpoint cannot stay
        directory.roundLogged(round("run-a", 7));
        List<String> lines = Files.readAllLines(runs.resolve("run-a").resolve("metrics.jsonl"));
        assertEquals(7, lines.size(), String.join("\n", lines));
        for (int n = 1; n <= 7; n++) assertTrue(lines.get(n - 1).startsWith("{\"round\":" + n + ","), lines.get(n - 1));
    }

    @Test
    void runsLeftWithoutASummaryAreEndedAsFailedExceptTheOneBeingResumed() throws Exception {
        var directory = new RunsDirectory(runs);
        for (String id : List.of("run-orphan", "run-resumed", "run-done")) directory.runStarted(start(id));
        directory.writeFile("run-done", RunFiles.SUMMARY, "{\"outcome\":\"COMPLETED\"}".getBytes());
        assertEquals(List.of("run-orphan"), Orphans.inRunsDirectory(runs, "run-resumed"));
        String summary = Files.readString(runs.resolve("run-orphan").resolve(RunFiles.SUMMARY));
        assertTrue(summary.contains("\"FAILED\"") && summary.contains("could not be resumed"), summary);
        assertFalse(Files.exists(runs.resolve("run-resumed").resolve(RunFiles.SUMMARY)));
        assertEquals("{\"outcome\":\"COMPLETED\"}", Files.readString(runs.resolve("run-done").resolve(RunFiles.SUMMARY)));
        assertEquals(List.of(), Orphans.inRunsDirectory(runs, "run-resumed"), "an ended orphan stays ended");
    }
}
