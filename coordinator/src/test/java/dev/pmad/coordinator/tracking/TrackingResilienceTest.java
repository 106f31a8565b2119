package dev.pmad.coordinator.tracking;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.local.RunsDirectory;
import dev.pmad.coordinator.tracking.mlflow.MlflowSink;
import dev.pmad.coordinator.tracking.testing.AutoAgent;
import dev.pmad.coordinator.tracking.testing.FakeMlflowServerFromRestDocs;
import dev.pmad.coordinator.tracking.testing.TestSettings;
import dev.pmad.coordinator.tracking.testing.TrackedFederation;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4: MLflow failing, hanging or absent never harms the federation: the run completes
 * as fast as without tracking, the failures are reported, and the runs directory has everything.
 */
class TrackingResilienceTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /**
     * A three-round run with self-answering agents takes milliseconds. With a hanging MLflow each
     * tracked call waits its 1 s timeout three times, and a run makes at least five calls: had the
     * coordinator waited for tracking, the run would take well over 10 s. The bound is loose so a
     * busy machine cannot fail it; what it separates is "never waits" from "waits per call".
     */
    private static final Duration ON_TIME = Duration.ofSeconds(6);
    private FakeMlflowServerFromRestDocs mlflow;
    private TrackedFederation fed;
    @TempDir
    Path runs;

    @BeforeEach
    void start() throws Exception {
        mlflow = new FakeMlflowServerFromRestDocs();
        fed = new TrackedFederation(2);
    }

    @AfterEach
    void stop() {
        fed.close();
        mlflow.close();
    }

    private RunTracker trackWithMlflow(TrackingSettings settings) {
        return fed.track(settings, List.of(new RunsDirectory(runs), new MlflowSink(settings)));
    }

    private RunSummary timedRun(int rounds) throws Exception {
        long began = System.nanoTime();
        RunSummary s = fed.run(rounds, LIMIT);
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertTrue(took.compareTo(ON_TIME) < 0, "the run took " + took.toMillis() + " ms");
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());
        return s;
    }

    @Test
    void mlflowAnswering500_runCompletesOnTime_errorsAreReported_andTheRunsDirectoryHasEverything() throws Exception {
        mlflow.failWith(500);
        var tracker = trackWithMlflow(TestSettings.of(mlflow.uri(), runs));
        RunSummary s = timedRun(3);
        assertTrue(tracker.awaitIdle(LIMIT), "tracking gave up in time");
        String problems = fed.problemsText();
        assertTrue(problems.contains("HTTP 500") && problems.contains("failed after 3 attempts"), problems);
        assertTrue(problems.contains("its files are in RUNS_DIR/" + s.runId()), problems);
        assertRunFiles(s, 3);
    }

    @Test
    void mlflowHanging_runCompletesOnTime_errorsAreReported_andTheRunsDirectoryHasEverything() throws Exception {
        mlflow.hang();
        var tracker = trackWithMlflow(TestSettings.of(mlflow.uri(), runs));
        RunSummary s = timedRun(3);
        assertTrue(tracker.awaitIdle(LIMIT), "tracking gave up in time");
        String problems = fed.problemsText();
        assertTrue(problems.contains("no answer from " + mlflow.uri() + " within 1 s"), problems);
        assertRunFiles(s, 3);
    }

    @Test
    void closingWhileMlflowHangs_returnsWithinTheDrainTimeout_andSaysWhatWasNotRecorded() throws Exception {
        mlflow.hang();
        var settings = TestSettings.of(mlflow.uri(), runs)
                .withTiming(Duration.ofSeconds(30), TestSettings.RETRY, Duration.ofMillis(300));
        var tracker = trackWithMlflow(settings);
        fed.run(1, LIMIT);
        long began = System.nanoTime();
        tracker.close();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "close took " + took.toMillis() + " ms");
        await("a report of unrecorded jobs").atMost(LIMIT).until(() -> fed.problemsText().contains("unrecorded"));
    }

    @Test
    void mlflowUnreachable_errorsSayWhereTheFilesAre() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var tracker = trackWithMlflow(TestSettings.of(URI.create("http://127.0.0.1:" + closedPort), runs));
        RunSummary s = timedRun(2);
        assertTrue(tracker.awaitIdle(LIMIT));
        String problems = fed.problemsText();
        assertTrue(problems.contains("cannot reach MLflow at http://127.0.0.1:" + closedPort), problems);
        assertRunFiles(s, 2);
    }

    @Test
    void mlflowAbsent_runsDirectoryHoldsParamsMetricsSummaryAndModel() throws Exception {
        var tracker = fed.track(TestSettings.of(null, runs), List.of(new RunsDirectory(runs)));
        RunSummary s = timedRun(3);
        assertTrue(tracker.awaitIdle(LIMIT));
        assertEquals(List.of(), fed.problems);
        assertRunFiles(s, 3);
        assertEquals("model of " + s.runId(), Files.readString(runs.resolve(s.runId()).resolve("model/model.bin")));
    }

    @Test
    void mlflowDownWhenTheRunStarts_andBackBeforeItEnds_getsTheWholeRunAtTheEnd() throws Exception {
        mlflow.failWith(503);
        var tracker = trackWithMlflow(TestSettings.of(mlflow.uri(), runs));
        fed.agents.forEach(AutoAgent::hold);
        var finished = fed.nextSummary();
        fed.coordinator.startRun(2).get();
        await().atMost(LIMIT).untilAsserted(() -> assertTrue(() -> fed.problemsText().contains("could not record the start"), fed::problemsText));
        mlflow.recover();
        fed.agents.forEach(AutoAgent::release);
        RunSummary s = finished.get(LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertTrue(tracker.awaitIdle(LIMIT));

        assertEquals(1, mlflow.runs.size());
        var run = mlflow.runs.values().iterator().next();
        assertEquals("FINISHED", run.status);
        assertEquals(s.runId(), run.runName);
        assertEquals("2", run.params.get("rounds"));
        assertEquals("2", run.params.get("agents"));
        var metrics = FakeMlflowServerFromRestDocs.metricsByKeyAndStep(run);
        assertEquals(s.rounds().get(0).metrics().accuracy(), metrics.get("accuracy@1"));
        assertEquals(s.rounds().get(1).metrics().accuracy(), metrics.get("accuracy@2"));
        assertTrue(mlflow.artifacts.containsKey("1/" + run.runId + "/artifacts/model/model.bin"), mlflow.artifacts.keySet().toString());
    }

    private void assertRunFiles(RunSummary s, int rounds) throws Exception {
        Path dir = runs.resolve(s.runId());
        for (String file : List.of("params.json", "metrics.jsonl", "summary.json", "model/model.bin")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), "missing " + dir.resolve(file));
        }
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(rounds, lines.size(), String.join("\n", lines));
        for (int r = 1; r <= rounds; r++) {
            assertTrue(lines.get(r - 1).startsWith("{\"round\":" + r + ",\"timestamp\":"), lines.get(r - 1));
            assertTrue(lines.get(r - 1).contains("\"accuracy\":" + s.rounds().get(r - 1).metrics().accuracy()), lines.get(r - 1));
        }
        String summary = Files.readString(dir.resolve("summary.json"));
        assertTrue(summary.contains("\"outcome\" : \"COMPLETED\"") && summary.contains("\"roundsCompleted\" : " + rounds), summary);
        String params = Files.readString(dir.resolve("params.json"));
        assertTrue(params.contains("\"rounds\" : \"" + rounds + "\"") && params.contains("\"pmad.outcome\" : \"COMPLETED\""), params);
    }
}
