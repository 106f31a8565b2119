package dev.pmad.coordinator.tracking.mlflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.local.RunsDirectory;
import dev.pmad.coordinator.tracking.testing.FakeMlflowServerFromRestDocs;
import dev.pmad.coordinator.tracking.testing.FakeMlflowServerFromRestDocs.Request;
import dev.pmad.coordinator.tracking.testing.TestSettings;
import dev.pmad.coordinator.tracking.testing.TrackedFederation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1: a real coordinator runs a federation with MLflow tracking against a server that
 * speaks MLflow's documented REST API; every request is checked for its endpoint and JSON.
 */
class MlflowRestContractTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String API = "/api/2.0/mlflow/";
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

    private TrackingSettings settings() {
        return TestSettings.of(mlflow.uri(), runs);
    }

    private RunSummary trackedRun(TrackingSettings settings, int rounds) throws Exception {
        var tracker = fed.track(settings, List.of(new RunsDirectory(runs), new MlflowSink(settings)));
        RunSummary summary = fed.run(rounds, LIMIT);
        assertTrue(tracker.awaitIdle(LIMIT), "tracking did not finish");
        return summary;
    }

    @Test
    void completedRun_callsTheDocumentedEndpointsInOrder() throws Exception {
        RunSummary s = trackedRun(settings(), 2);
        String mlflowRun = onlyRun().runId;
        String artifacts = "/api/2.0/mlflow-artifacts/artifacts/1/" + mlflowRun + "/artifacts/";
        // The Java client repeats a request that got an HTTP error (the 404 of an unknown experiment)
        // three times by itself; repeats are collapsed here.
        assertEquals(List.of(
                "GET " + API + "experiments/get-by-name",
                "POST " + API + "experiments/create",
                "POST " + API + "runs/create",
                "POST " + API + "runs/log-batch",
                "PUT " + artifacts + "params.json",
                "PUT " + artifacts + "metrics.jsonl",
                "PUT " + artifacts + "summary.json",
                "PUT " + artifacts + "model/model.bin",
                "POST " + API + "runs/update"), collapse(mlflow.endpoints()), "for run " + s.runId());
        assertEquals(4, mlflow.requests("POST", API + "runs/log-batch").size(), "start, round 1, round 2, end");
        assertEquals(Map.of("experiment_name", "pmad-federation"),
                mlflow.requests("GET", API + "experiments/get-by-name").get(0).query());
    }

    @Test
    void missingExperiment_isCreatedByName_andTheRunIsNamedAfterThePmadRun() throws Exception {
        RunSummary s = trackedRun(settings(), 1);
        assertEquals("{\"name\":\"pmad-federation\"}", body("experiments/create", 0).toString());
        JsonNode create = body("runs/create", 0);
        assertEquals(List.of("experiment_id", "run_name", "start_time"), fields(create));
        assertEquals("1", create.get("experiment_id").asText());
        assertEquals(s.runId(), create.get("run_name").asText());
        long start = create.get("start_time").asLong();
        assertTrue(Math.abs(start - s.startedAt().toEpochMilli()) < 1000, "start_time " + start + " vs " + s.startedAt());
    }

    @Test
    void existingExperiment_isReused_notCreatedAgain() throws Exception {
        mlflow.experiments.put("pmad-federation", "7");
        trackedRun(settings(), 1);
        assertEquals(0, mlflow.requests("POST", API + "experiments/create").size());
        assertEquals("7", body("runs/create", 0).get("experiment_id").asText());
        assertEquals("7", onlyRun().experimentId);
    }

    @Test
    void startBatch_logsEverySettingAsParams_andThePmadTags() throws Exception {
        RunSummary s = trackedRun(settings(), 2);
        JsonNode batch = body("runs/log-batch", 0);
        assertEquals(onlyRun().runId, batch.get("run_id").asText());
        assertEquals(0, batch.path("metrics").size());
        var expected = new LinkedHashMap<String, String>();
        expected.put("rounds", "2");
        expected.put("strategy", "fedavg");
        expected.put("min_agents", "2");
        expected.put("fraction_fit", "1");
        expected.put("round_timeout_s", "30");
        expected.put("registration_timeout_s", "60");
        expected.put("heartbeat_interval_s", "5");
        expected.put("missed_heartbeats", "3");
        expected.put("classes", "2");
        expected.put("features", "1");
        expected.put("epochs", "1");
        expected.put("learning_rate", "0.1");
        expected.put("learning_rate_decay", "0");
        expected.put("batch_size", "1");
        expected.put("training_seed", "7");
        expected.put("partition", "iid");
        expected.put("schema_fingerprint", "schema-fingerprint");
        expected.put("data_fingerprint", "data-sha");
        expected.put("dp_mode", "none");
        expected.put("seed", "42");
        assertEquals(expected, pairs(batch.get("params")));
        assertEquals(Map.of("pmad.version", "0.1.0-test", "pmad.transport", "in-memory", "pmad.run_id", s.runId()),
                pairs(batch.get("tags")));
    }

    @Test
    void eachRound_isOneLogBatch_withStepEqualToTheRound_andEveryMetric() throws Exception {
        RunSummary s = trackedRun(settings(), 2);
        for (int round = 1; round <= 2; round++) {
            JsonNode batch = body("runs/log-batch", round);
            RoundResult r = s.rounds().get(round - 1);
            assertEquals(0, batch.path("params").size());
            assertEquals(0, batch.path("tags").size());
            var expected = new LinkedHashMap<String, Double>();
            expected.put("accuracy", r.metrics().accuracy());
            expected.put("loss", r.metrics().loss());
            expected.put("precision", r.metrics().precision());
            expected.put("recall", r.metrics().recall());
            expected.put("f1", r.metrics().f1());
            expected.put("epsilon_spent", 0.0);
            expected.put("participating_agents", 2.0);
            expected.put("rejected_updates", 0.0);
            expected.put("bounded_agents", 0.0);
            expected.put("round_seconds", r.roundSeconds());
            expected.put("agent.agent-1.train_loss", 1.0 / round);
            expected.put("agent.agent-2.train_loss", 1.0 / round);
            expected.put("agent.agent-1.samples", 10.0);
            expected.put("agent.agent-2.samples", 10.0);
            var logged = new LinkedHashMap<String, Double>();
            for (JsonNode m : batch.get("metrics")) {
                assertEquals(List.of("key", "value", "timestamp", "step"), fields(m));
                assertEquals(round, m.get("step").asLong(), "step of " + m);
                assertTrue(m.get("timestamp").asLong() >= s.startedAt().toEpochMilli(), "timestamp of " + m);
                logged.put(m.get("key").asText(), m.get("value").asDouble());
            }
            assertEquals(expected, logged, "round " + round);
        }
    }

    @Test
    void endBatch_addsTheParamsAndTagsOnlyTheEndKnows() throws Exception {
        RunSummary s = trackedRun(settings(), 1);
        JsonNode end = body("runs/log-batch", 2);
        assertEquals(Map.of("agents", "2"), pairs(end.get("params")));
        assertEquals(Map.of("pmad.outcome", "COMPLETED", "pmad.outcome_reason", s.reason()), pairs(end.get("tags")));
    }

    @Test
    void aRunsOwnStrategy_isLoggedOnceAtTheStart_withEachEffectiveOption() throws Exception {
        var tracker = fed.track(settings(), List.of(new RunsDirectory(runs), new MlflowSink(settings())));
        // The coordinator is configured with fedavg; this run asks for fedadam with one option set.
        RunSummary s = fed.run(1, Strategies.parse("fedadam", Map.of("eta", "0.05")), LIMIT);
        assertTrue(tracker.awaitIdle(LIMIT), "tracking did not finish");
        var expected = new LinkedHashMap<String, String>();
        expected.put("strategy", "fedadam");
        expected.put("strategy.eta", "0.05");
        expected.put("strategy.beta1", "0.9");
        expected.put("strategy.beta2", "0.99");
        expected.put("strategy.tau", "0.001");
        Map<String, String> start = pairs(body("runs/log-batch", 0).get("params"));
        assertEquals(expected, subMap(start, "strategy"), "start params of " + s.runId());
        assertEquals("fedadam", s.strategy());
        // MLflow params cannot change once logged: no other batch of the run names the strategy again.
        List<Request> batches = mlflow.requests("POST", API + "runs/log-batch");
        for (int i = 1; i < batches.size(); i++) {
            assertEquals(Map.of(), subMap(pairs(body("runs/log-batch", i).path("params")), "strategy"), "batch " + i);
        }
    }

    @Test
    void artifacts_arePutUnderTheRunsArtifactRoot_withTheBytesOfTheRunsDirectory() throws Exception {
        RunSummary s = trackedRun(settings(), 2);
        var run = onlyRun();
        Path dir = runs.resolve(s.runId());
        for (String file : List.of("params.json", "metrics.jsonl", "summary.json", "model/model.bin")) {
            byte[] uploaded = mlflow.artifacts.get("1/" + run.runId + "/artifacts/" + file);
            assertArrayEquals(Files.readAllBytes(dir.resolve(file)), uploaded, file);
        }
        assertEquals(4, mlflow.artifacts.size());
        assertEquals("model of " + s.runId(), new String(mlflow.artifacts.get("1/" + run.runId + "/artifacts/model/model.bin"),
                java.nio.charset.StandardCharsets.UTF_8));
        Request put = mlflow.requests.stream().filter(r -> r.method().equals("PUT")).findFirst().orElseThrow();
        assertEquals("application/json", put.contentType());
    }

    @Test
    void completedRun_isTerminatedFinished_withItsEndTime() throws Exception {
        trackedRun(settings(), 1);
        JsonNode update = body("runs/update", 0);
        var run = onlyRun();
        assertEquals(run.runId, update.get("run_id").asText());
        assertEquals("FINISHED", update.get("status").asText());
        assertTrue(update.get("end_time").asLong() >= run.startTime);
        assertEquals("FINISHED", run.status);
    }

    @Test
    void stoppedRun_isKilled_failedRun_isFailed_andANewStartGivesASeparateRun() throws Exception {
        var settings = settings();
        var tracker = fed.track(settings, List.of(new RunsDirectory(runs), new MlflowSink(settings)));
        RunSummary stopped = fed.runAndStop(LIMIT);
        fed.agents.get(0).refuseRound(2);
        RunSummary failed = fed.run(3, LIMIT);
        fed.agents.get(0).refuseRound(Integer.MAX_VALUE);
        RunSummary completed = fed.run(1, LIMIT);
        assertTrue(tracker.awaitIdle(LIMIT));

        assertEquals(3, mlflow.runs.size());
        Map<String, String> statusByName = new LinkedHashMap<>();
        mlflow.runs.values().forEach(r -> statusByName.put(r.runName, r.status));
        assertEquals(Map.of(stopped.runId(), "KILLED", failed.runId(), "FAILED", completed.runId(), "FINISHED"), statusByName);
        var failedRun = mlflow.runs.values().stream().filter(r -> r.runName.equals(failed.runId())).findFirst().orElseThrow();
        assertEquals("FAILED", failedRun.tags.get("pmad.outcome"));
        assertTrue(failedRun.tags.get("pmad.outcome_reason").contains("budget"), failedRun.tags.toString());
        assertEquals(List.of(), fed.problems);
    }

    @Test
    void registeredModel_getsANewVersion_fromTheRunsModelDirectory() throws Exception {
        RunSummary first = trackedRun(settings().withRegisteredModel("pmad-model"), 1);
        String firstRun = onlyRun().runId;
        assertEquals(List.of(API + "registered-models/get", API + "registered-models/create", API + "model-versions/create"),
                collapse(mlflow.endpoints().stream().filter(e -> e.contains("model")).map(e -> e.substring(e.indexOf(' ') + 1))
                        .filter(e -> e.startsWith(API)).toList()));
        assertEquals(Map.of("name", "pmad-model"), mlflow.requests("GET", API + "registered-models/get").get(0).query());
        assertEquals("{\"name\":\"pmad-model\"}", body("registered-models/create", 0).toString());
        JsonNode version = body("model-versions/create", 0);
        assertEquals("pmad-model", version.get("name").asText());
        assertEquals("mlflow-artifacts:/1/" + firstRun + "/artifacts/model", version.get("source").asText());
        assertEquals(firstRun, version.get("run_id").asText());
        assertEquals(first.runId(), version.get("tags").get(0).get("value").asText());

        fed.run(1, LIMIT);
        fed.close(); // drains the tracker
        assertEquals(2, mlflow.modelVersions.get("pmad-model").size(), "second completed run, second version");
        assertEquals(1, mlflow.requests("POST", API + "registered-models/create").size(), "the model is created once");
    }

    @Test
    void stoppedRun_isNotRegistered() throws Exception {
        var settings = settings().withRegisteredModel("pmad-model");
        var tracker = fed.track(settings, List.of(new RunsDirectory(runs), new MlflowSink(settings)));
        fed.runAndStop(LIMIT);
        assertTrue(tracker.awaitIdle(LIMIT));
        assertEquals(0, mlflow.requests("POST", API + "model-versions/create").size());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private FakeMlflowServerFromRestDocs.Run onlyRun() {
        assertEquals(1, mlflow.runs.size(), "MLflow runs: " + mlflow.runs.keySet() + "; problems: " + fed.problems);
        return mlflow.runs.values().iterator().next();
    }

    private JsonNode body(String path, int index) {
        List<Request> matching = mlflow.requests("POST", API + path);
        assertTrue(matching.size() > index, "only " + matching.size() + " POST " + path + " in "
                + mlflow.endpoints() + "; problems: " + fed.problems);
        return matching.get(index).json();
    }

    private static List<String> fields(JsonNode node) {
        var out = new ArrayList<String>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, String> pairs(JsonNode array) {
        var out = new LinkedHashMap<String, String>();
        for (JsonNode p : array) {
            assertEquals(List.of("key", "value"), fields(p));
            out.put(p.get("key").asText(), p.get("value").asText());
        }
        return out;
    }

    /** The params named {@code prefix} or {@code prefix.*}. */
    private static Map<String, String> subMap(Map<String, String> params, String prefix) {
        var out = new LinkedHashMap<String, String>();
        params.forEach((k, v) -> {
            if (k.equals(prefix) || k.startsWith(prefix + ".")) out.put(k, v);
        });
        return out;
    }

    private static List<String> collapse(List<String> endpoints) {
        var out = new ArrayList<String>();
        for (String e : endpoints) if (out.isEmpty() || !out.get(out.size() - 1).equals(e)) out.add(e);
        return out;
    }
}
