package dev.pmad.coordinator.tracking.mlflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.local.RunsDirectory;
import dev.pmad.coordinator.tracking.testing.TrackedFederation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.tracking.MlflowClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Acceptance 2: the same tracking against a real MLflow 2.17.2 server. Needs one: the server at
 * {@code MLFLOW_TEST_TRACKING_URI}, or Docker for Testcontainers to start
 * {@code ghcr.io/mlflow/mlflow:v2.17.2}. Without either the test is skipped and says so (also
 * under CI=true: the CI machines have neither). It writes to a fresh experiment and registered
 * model named {@code pmad-it-<random>}, so a shared server is not disturbed.
 */
class RealMlflowServerTest {
    private static final String IMAGE = "ghcr.io/mlflow/mlflow:v2.17.2";
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static GenericContainer<?> container;
    private static URI server;
    @TempDir
    Path runs;

    private static final String SKIPPED = "skipped: this test needs a real MLflow server: set MLFLOW_TEST_TRACKING_URI"
            + " (e.g. http://localhost:5000) or make Docker available for Testcontainers to start " + IMAGE;

    @BeforeAll
    static void findServer() {
        String uri = System.getenv("MLFLOW_TEST_TRACKING_URI");
        if (uri != null && !uri.isBlank()) {
            server = URI.create(uri.trim().replaceAll("/+$", ""));
            return;
        }
        if (!dockerAvailable()) {
            System.err.println(RealMlflowServerTest.class.getSimpleName() + " " + SKIPPED);
            return;
        }
        container = new GenericContainer<>(IMAGE)
                .withExposedPorts(5000)
                .withCommand("mlflow", "server", "--host", "0.0.0.0", "--port", "5000")
                .waitingFor(Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        container.start();
        server = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(5000));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response;
    }

    private static byte[] getBytes(String url) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }

    @AfterAll
    static void stopServer() {
        if (container != null) container.stop();
    }

    @Test
    void aCompletedRun_landsInMlflow_withParamsMetricsTagsArtifactsStatusAndAModelVersion() throws Exception {
        assumeTrue(server != null, SKIPPED);
        String name = "pmad-it-" + UUID.randomUUID().toString().substring(0, 8);
        TrackingSettings settings = TrackingSettings.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", server.toString(),
                "MLFLOW_EXPERIMENT_NAME", name, "MLFLOW_REGISTERED_MODEL", name, "RUNS_DIR", runs.toString()));
        RunSummary s;
        try (var fed = new TrackedFederation(2)) {
            var tracker = fed.track(settings, List.of(new RunsDirectory(runs), new MlflowSink(settings)));
            s = fed.run(3, LIMIT);
            assertTrue(tracker.awaitIdle(LIMIT), "tracking did not finish");
            assertEquals(List.of(), fed.problems);
        }

        try (var client = new MlflowClient(server.toString())) {
            String experiment = client.getExperimentByName(name).orElseThrow().getExperimentId();
            var found = client.searchRuns(List.of(experiment), "attributes.run_name = '" + s.runId() + "'");
            assertEquals(1, found.size());
            Run run = client.getRun(found.get(0).getRunId());
            assertEquals("FINISHED", run.getInfo().getStatus().name());
            Map<String, String> params = run.getData().getParamsList().stream()
                    .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
            assertEquals("3", params.get("rounds"));
            assertEquals("2", params.get("agents"));
            assertEquals("fedavg", params.get("strategy"));
            Map<String, String> tags = run.getData().getTagsList().stream()
                    .collect(Collectors.toMap(t -> t.getKey(), t -> t.getValue()));
            assertEquals("COMPLETED", tags.get("pmad.outcome"));
            List<Metric> accuracy = client.getMetricHistory(run.getInfo().getRunId(), "accuracy");
            assertEquals(List.of(1L, 2L, 3L), accuracy.stream().map(Metric::getStep).sorted().toList());

            // The Java client lists and downloads artifacts through Python; REST needs nothing.
            String runId = run.getInfo().getRunId();
            String listing = get(server + "/api/2.0/mlflow/artifacts/list?run_id=" + runId).body();
            for (String file : List.of("metrics.jsonl", "params.json", "summary.json", "\"model\"")) {
                assertTrue(listing.contains(file), listing);
            }
            String root = run.getInfo().getArtifactUri().replaceFirst("^mlflow-artifacts:/+", "");
            for (String file : List.of("summary.json", "model/model.bin")) {
                byte[] stored = getBytes(server + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + file);
                assertArrayEquals(Files.readAllBytes(runs.resolve(s.runId()).resolve(file)), stored, file);
            }

            var versions = client.searchModelVersions("name = '" + name + "'").getItems();
            assertEquals(1, versions.size());
            assertEquals(run.getInfo().getRunId(), versions.get(0).getRunId());
        }
    }
}
