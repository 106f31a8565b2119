package dev.pmad.coordinator.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingSettingsTest {

    @Test
    void emptyEnvironment_meansNoMlflow_runsUnderDotRuns_defaultExperiment() {
        var s = TrackingSettings.fromEnvironment(Map.of());
        assertFalse(s.mlflowEnabled());
        assertEquals("pmad-federation", s.experimentName());
        assertNull(s.registeredModel());
        assertEquals(Path.of("./runs"), s.runsDir());
        assertEquals(Duration.ofSeconds(15), s.callTimeout());
        assertEquals(4, s.retry().attempts());
    }

    @Test
    void variables_areRead_andATrailingSlashIsDropped() {
        var s = TrackingSettings.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", "http://mlflow:5000/",
                "MLFLOW_EXPERIMENT_NAME", "hospitals", "MLFLOW_REGISTERED_MODEL", "pmad-model", "RUNS_DIR", "/data/runs",
                "MLFLOW_HTTP_REQUEST_TIMEOUT", "3", "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0"));
        assertEquals(URI.create("http://mlflow:5000"), s.trackingUri());
        assertEquals("hospitals", s.experimentName());
        assertEquals("pmad-model", s.registeredModel());
        assertEquals(Path.of("/data/runs"), s.runsDir());
        assertEquals(Duration.ofSeconds(3), s.callTimeout());
        assertEquals(1, s.retry().attempts());
    }

    @Test
    void blankValues_countAsUnset() {
        var s = TrackingSettings.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", " ", "MLFLOW_EXPERIMENT_NAME", "",
                "MLFLOW_REGISTERED_MODEL", "  ", "RUNS_DIR", ""));
        assertFalse(s.mlflowEnabled());
        assertEquals("pmad-federation", s.experimentName());
        assertNull(s.registeredModel());
        assertEquals(Path.of("./runs"), s.runsDir());
    }

    @Test
    void aTrackingUriThatIsNotHttp_isRefused_withWhatToSet() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrackingSettings.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", "file:///tmp/mlruns")));
        assertTrue(e.getMessage().contains("MLFLOW_TRACKING_URI must be an http(s) URL"), e.getMessage());
    }

    @Test
    void badNumbers_andHalfCredentials_areRefused_namingTheVariable() {
        var timeout = assertThrows(IllegalArgumentException.class,
                () -> TrackingSettings.fromEnvironment(Map.of("MLFLOW_HTTP_REQUEST_TIMEOUT", "soon")));
        assertTrue(timeout.getMessage().startsWith("MLFLOW_HTTP_REQUEST_TIMEOUT"), timeout.getMessage());
        var user = assertThrows(IllegalArgumentException.class,
                () -> TrackingSettings.fromEnvironment(Map.of("MLFLOW_TRACKING_USERNAME", "ann")));
        assertTrue(user.getMessage().contains("MLFLOW_TRACKING_PASSWORD"), user.getMessage());
    }

    @Test
    void credentials_becomeTheAuthorizationHeader_andNeverPrint() {
        var basic = TrackingSettings.fromEnvironment(Map.of("MLFLOW_TRACKING_USERNAME", "ann", "MLFLOW_TRACKING_PASSWORD", "s3cret"));
        assertEquals("Basic YW5uOnMzY3JldA==", basic.credentials().authorization());
        assertFalse(basic.toString().contains("s3cret"));
        var token = TrackingSettings.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "t0k"));
        assertEquals("Bearer t0k", token.credentials().authorization());
        assertNull(TrackingSettings.Credentials.NONE.authorization());
    }

    @Test
    void backoff_doublesUpToItsMaximum() {
        var retry = new TrackingSettings.Retry(5, Duration.ofMillis(500), Duration.ofSeconds(2));
        assertEquals(Duration.ofMillis(500), retry.backoff(1));
        assertEquals(Duration.ofMillis(1000), retry.backoff(2));
        assertEquals(Duration.ofMillis(2000), retry.backoff(3));
        assertEquals(Duration.ofMillis(2000), retry.backoff(9));
    }
}
