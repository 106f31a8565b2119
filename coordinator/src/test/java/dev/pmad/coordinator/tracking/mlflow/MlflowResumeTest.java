package dev.pmad.coordinator.tracking.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.tracking.RoundLogged;
import dev.pmad.coordinator.tracking.RunEnded;
import dev.pmad.coordinator.tracking.RunStarted;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.testing.FakeMlflowServerFromRestDocs;
import dev.pmad.coordinator.tracking.testing.FakeMlflowServerFromRestDocs.Run;
import dev.pmad.coordinator.tracking.testing.TestSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator killed mid-run and resumed from its checkpoint is two processes writing one
 * MLflow run: the second finds the run by name, learns which rounds are there, and logs every
 * round exactly once, whichever side of the kill a round was tracked on.
 */
class MlflowResumeTest {
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path runs;

    private FakeMlflowServerFromRestDocs mlflow;
    private TrackingSettings settings;

    @BeforeEach
    void start() throws Exception {
        mlflow = new FakeMlflowServerFromRestDocs();
        settings = TestSettings.of(mlflow.uri(), runs);
    }

    @AfterEach
    void stop() {
        mlflow.close();
    }

    @Test
    void resumedRun_continuesTheSameMlflowRun_andEveryRoundIsThereOnce() throws Exception {
        RunStarted run = started("run-a");
        try (var killed = new MlflowSink(settings)) {
            killed.runStarted(run);
            for (int r = 1; r <= 3; r++) killed.roundLogged(round("run-a", r));
            // Killed here: round 3 reached MLflow, but its checkpoint was not written yet.
        }
        try (var resumed = new MlflowSink(settings)) {
            assertEquals(List.of(), resumed.failOrphans("run-a", "orphaned"), "the run to resume is not an orphan");
            resumed.runResumed(run, 2);
            for (int r = 3; r <= 5; r++) resumed.roundLogged(round("run-a", r)); // round 3 redone
            resumed.runEnded(new RunEnded(run, Outcome.COMPLETED, "all 5 rounds done", STARTED.plusSeconds(60), Map.of(),
                    Map.of(), IntStream.rangeClosed(1, 5).mapToObj(r -> round("run-a", r)).toList(), List.of()));
        }

        assertEquals(1, mlflow.runs.size(), "one MLflow run: " + mlflow.runs.keySet());
        Run only = mlflow.runs.values().iterator().next();
        assertEquals("run-a", only.runName);
        assertEquals("FINISHED", only.status);
        assertEquals(Map.of("accuracy", List.of(1L, 2L, 3L, 4L, 5L), "participating_agents", List.of(1L, 2L, 3L, 4L, 5L)),
                stepsByKey(only));
        assertEquals(2, mlflow.requests("POST", "/api/2.0/mlflow/runs/search").size(), "orphans, then the run by name");
        assertEquals(1, mlflow.requests("GET", "/api/2.0/mlflow/metrics/get-history").size());
    }

    @Test
    void resumedRun_missingFromMlflow_isCreatedThere() throws Exception {
        RunStarted run = started("run-b");
        try (var resumed = new MlflowSink(settings)) {
            resumed.runResumed(run, 2);
            resumed.roundLogged(round("run-b", 3));
        }
        assertEquals(1, mlflow.runs.size());
        assertEquals(Map.of("accuracy", List.of(3L), "participating_agents", List.of(3L)),
                stepsByKey(mlflow.runs.values().iterator().next()));
    }

    @Test
    void failOrphans_endsEveryOtherRunLeftRunning_asFailedWithTheReason() throws Exception {
        try (var first = new MlflowSink(settings)) {
            first.runStarted(started("run-old"));
            first.runStarted(started("run-kept"));
            first.runStarted(started("run-done"));
            first.runEnded(new RunEnded(started("run-done"), Outcome.COMPLETED, "done", STARTED, Map.of(), Map.of(),
                    List.of(), List.of()));
        }
        try (var next = new MlflowSink(settings)) {
            assertEquals(List.of("run-old"), next.failOrphans("run-kept", "the coordinator stopped"));
        }
        Map<String, Run> byName = new TreeMap<>();
        mlflow.runs.values().forEach(r -> byName.put(r.runName, r));
        assertEquals("FAILED", byName.get("run-old").status);
        assertEquals("the coordinator stopped", byName.get("run-old").tags.get("pmad.reason"));
        assertEquals("RUNNING", byName.get("run-kept").status);
        assertEquals("FINISHED", byName.get("run-done").status);
    }

    private static RunStarted started(String runId) {
        return new RunStarted(runId, 5, STARTED, Map.of("rounds", "5"), Map.of("pmad.service", "test"));
    }

    private static RoundLogged round(String runId, int round) {
        return new RoundLogged(runId, round, STARTED.plusSeconds(round), Map.of("accuracy", 0.5 + round / 100.0,
                "participating_agents", 3.0));
    }

    /** Each metric's steps in the order logged. */
    private static Map<String, List<Long>> stepsByKey(Run run) {
        var out = new TreeMap<String, List<Long>>();
        for (JsonNode m : run.metrics) {
            out.computeIfAbsent(m.get("key").asText(), k -> new ArrayList<>()).add(m.get("step").asLong());
        }
        return out;
    }
}
