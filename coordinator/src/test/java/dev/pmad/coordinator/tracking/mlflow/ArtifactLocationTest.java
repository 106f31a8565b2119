package dev.pmad.coordinator.tracking.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** How a run's artifact_uri becomes an upload URL, as MLflow's MlflowArtifactsRepository resolves it. */
class ArtifactLocationTest {
    private static final URI TRACKING = URI.create("http://mlflow:5000");

    @Test
    void proxiedRoot_mapsToTheArtifactsEndpointOfTheTrackingServer() throws Exception {
        assertEquals(URI.create("http://mlflow:5000/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/model/model.onnx"),
                ArtifactLocation.upload(TRACKING, "mlflow-artifacts:/3/abc/artifacts", "model/model.onnx"));
    }

    @Test
    void proxiedRootWithAHost_usesThatHost() throws Exception {
        assertEquals(URI.create("http://artifacts:8080/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/summary.json"),
                ArtifactLocation.upload(TRACKING, "mlflow-artifacts://artifacts:8080/3/abc/artifacts", "summary.json"));
    }

    @Test
    void trackingServerUnderAPathPrefix_keepsThePrefix() throws Exception {
        assertEquals(URI.create("https://example.org/mlflow/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/a.json"),
                ArtifactLocation.upload(URI.create("https://example.org/mlflow"), "mlflow-artifacts:/1/r/artifacts", "a.json"));
    }

    @Test
    void httpRootOfTheArtifactsEndpoint_isUsedAsIs() throws Exception {
        assertEquals(URI.create("http://gw/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/a.json"),
                ArtifactLocation.upload(TRACKING, "http://gw/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts", "a.json"));
    }

    @Test
    void namesWithSpaces_areEscaped() throws Exception {
        assertEquals("/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/my%20model.json",
                ArtifactLocation.upload(TRACKING, "mlflow-artifacts:/1/r/artifacts", "my model.json").getRawPath());
    }

    @Test
    void unproxiedRoot_isRefused_withHowToFixIt() {
        var e = assertThrows(CallFailed.class, () -> ArtifactLocation.upload(TRACKING, "s3://bucket/1/r/artifacts", "a.json"));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("--serve-artifacts"), e.getMessage());
    }
}
