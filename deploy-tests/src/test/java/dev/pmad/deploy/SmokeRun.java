package dev.pmad.deploy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What docker/smoke-test.sh does, from Java: start a run through the dashboard's API, wait until
 * it COMPLETED, and find it FINISHED in MLflow with every round metric at every round. Each
 * failure is an {@link AssertionError} saying what was expected and what came back.
 */
final class SmokeRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROUND_METRICS = List.of("accuracy", "loss", "precision", "recall", "f1", "epsilon_spent");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI dashboard;
    private final URI mlflow;
    private final String token;

    SmokeRun(URI dashboard, URI mlflow, String token) {
        this.dashboard = dashboard;
        this.mlflow = mlflow;
        this.token = token;
    }

    /** Starts a run of {@code rounds} rounds; returns its run id. */
    String start(int rounds) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(dashboard.resolve("/api/federation/start")).timeout(Duration.ofSeconds(30))
                .header("X-PMAD-Token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"targetRounds\": " + rounds + "}")).build();
        JsonNode answer = send(request, 202);
        String runId = answer.path("runId").asText("");
        if (runId.isEmpty()) throw new AssertionError("start answered without a runId: " + answer);
        return runId;
    }

    /** Polls GET /api/state until the run ended; fails unless it COMPLETED. Returns the final state. */
    JsonNode awaitCompleted(String runId, Duration timeout) {
        // Polled every 3 s: each poll is an HTTP call into the containers.
        JsonNode state = await("run " + runId + " to end").atMost(timeout).pollInterval(Duration.ofSeconds(3))
                .until(() -> send(HttpRequest.newBuilder(dashboard.resolve("/api/state")).timeout(Duration.ofSeconds(30))
                        .GET().build(), 200), s -> runId.equals(s.path("lastRun").path("runId").asText()));
        JsonNode last = state.path("lastRun");
        if (!"COMPLETED".equals(last.path("outcome").asText())) {
            throw new AssertionError("run " + runId + " ended " + last.path("outcome").asText() + ": " + last.path("reason").asText());
        }
        return state;
    }

    /** Waits until MLflow has the run FINISHED in {@code experiment}, then checks each round metric has {@code rounds} steps. */
    void assertInMlflow(String runId, String experiment, int rounds, Duration timeout) throws IOException, InterruptedException {
        JsonNode run = await("run " + runId + " FINISHED in MLflow").atMost(timeout).pollInterval(Duration.ofSeconds(3))
                .until(() -> findRun(runId, experiment),
                        r -> r != null && "FINISHED".equals(r.path("info").path("status").asText()));
        if (run == null) throw new AssertionError("MLflow experiment '" + experiment + "' has no run tagged pmad.run_id=" + runId);
        if (!"FINISHED".equals(run.path("info").path("status").asText())) throw new AssertionError("MLflow run is not FINISHED: " + run);
        String mlflowRunId = run.path("info").path("run_id").asText();
        for (String metric : ROUND_METRICS) {
            JsonNode history = get("/api/2.0/mlflow/metrics/get-history?run_id=" + enc(mlflowRunId) + "&metric_key=" + enc(metric));
            Set<Integer> steps = new HashSet<>();
            history.path("metrics").forEach(m -> steps.add(m.path("step").asInt()));
            if (steps.size() != rounds) throw new AssertionError("MLflow metric " + metric + " has steps " + steps + ", expected " + rounds);
        }
        JsonNode artifacts = get("/api/2.0/mlflow/artifacts/list?run_id=" + enc(mlflowRunId));
        if (artifacts.path("files").isEmpty()) throw new AssertionError("MLflow run " + mlflowRunId + " has no artifacts (model files)");
    }

    private JsonNode findRun(String runId, String experiment) throws IOException, InterruptedException {
        HttpResponse<String> found = http.send(HttpRequest.newBuilder(mlflow.resolve(
                "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(experiment))).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (found.statusCode() != 200) return null;
        String experimentId = JSON.readTree(found.body()).path("experiment").path("experiment_id").asText();
        var body = JSON.createObjectNode();
        body.putArray("experiment_ids").add(experimentId);
        body.put("filter", "tags.`pmad.run_id` = '" + runId + "'");
        body.put("max_results", 5);
        JsonNode runs = send(HttpRequest.newBuilder(mlflow.resolve("/api/2.0/mlflow/runs/search")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), 200);
        return runs.path("runs").isEmpty() ? null : runs.path("runs").get(0);
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(mlflow.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(), 200);
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new AssertionError(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
