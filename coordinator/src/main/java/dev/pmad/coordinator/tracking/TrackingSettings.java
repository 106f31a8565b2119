package dev.pmad.coordinator.tracking;

import dev.pmad.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how runs are tracked; validated on construction with messages naming the variable.
 *
 * @param trackingUri      MLFLOW_TRACKING_URI ({@code http(s)://host:port}); {@code null}: no MLflow,
 *                         only the runs directory
 * @param experimentName   MLFLOW_EXPERIMENT_NAME, created when missing
 * @param registeredModel  MLFLOW_REGISTERED_MODEL: every completed run's model becomes a new version
 *                         of this registered model; {@code null}: no registration
 * @param runsDir          RUNS_DIR: each run's files go to {@code runsDir/<run-id>/}
 * @param credentials      MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN, as the MLflow
 *                         clients read them
 * @param callTimeout      MLFLOW_HTTP_REQUEST_TIMEOUT (seconds): one HTTP call is abandoned after this
 * @param retry            MLFLOW_HTTP_REQUEST_MAX_RETRIES: retries of a failed call, with exponential backoff
 * @param queueCapacity    jobs the tracker buffers while a sink is slow; beyond it rounds are dropped
 *                         (the end of the run still carries them)
 * @param drainTimeout     how long closing the tracker waits for queued jobs (the final uploads)
 */
public record TrackingSettings(URI trackingUri, String experimentName, String registeredModel, Path runsDir,
                               Credentials credentials, Duration callTimeout, Retry retry, int queueCapacity,
                               Duration drainTimeout) {
    public static final String DEFAULT_EXPERIMENT = "pmad-federation";
    public static final String DEFAULT_RUNS_DIR = "./runs";

    public TrackingSettings {
        Objects.requireNonNull(experimentName, "experimentName");
        Objects.requireNonNull(runsDir, "runsDir");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(retry, "retry");
        if (trackingUri != null) {
            String scheme = trackingUri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || trackingUri.getHost() == null) {
                throw new IllegalArgumentException("MLFLOW_TRACKING_URI must be an http(s) URL of an MLflow server such as"
                        + " http://mlflow:5000, was '" + trackingUri + "' (leave it unset to keep runs only in RUNS_DIR)");
            }
        }
        if (experimentName.isBlank()) throw new IllegalArgumentException("MLFLOW_EXPERIMENT_NAME must not be blank");
        if (registeredModel != null && registeredModel.isBlank()) registeredModel = null;
        positive(callTimeout, "MLFLOW_HTTP_REQUEST_TIMEOUT");
        positive(drainTimeout, "tracking drain timeout");
        if (queueCapacity < 4) throw new IllegalArgumentException("tracking queue capacity must be at least 4, was " + queueCapacity);
    }

    /** Reads the settings from environment variables (see the README's MLflow section). */
    public static TrackingSettings fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String uri = env.string("MLFLOW_TRACKING_URI", null);
        URI trackingUri = null;
        if (uri != null) {
            try {
                trackingUri = URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MLFLOW_TRACKING_URI is not a URL: '" + uri + "' (" + e.getMessage() + ")");
            }
        }
        var credentials = new Credentials(env.string("MLFLOW_TRACKING_USERNAME", null),
                env.string("MLFLOW_TRACKING_PASSWORD", null), env.string("MLFLOW_TRACKING_TOKEN", null));
        Duration timeout = env.duration("MLFLOW_HTTP_REQUEST_TIMEOUT", Duration.ofSeconds(15));
        int retries = env.integer("MLFLOW_HTTP_REQUEST_MAX_RETRIES", 3, 0, 100);
        return new TrackingSettings(trackingUri, env.string("MLFLOW_EXPERIMENT_NAME", DEFAULT_EXPERIMENT),
                env.string("MLFLOW_REGISTERED_MODEL", null), Path.of(env.string("RUNS_DIR", DEFAULT_RUNS_DIR)),
                credentials, timeout, new Retry(retries + 1, Duration.ofMillis(500), Duration.ofSeconds(8)), 1024,
                Duration.ofSeconds(60));
    }

    /** Whether runs go to MLflow (besides the runs directory). */
    public boolean mlflowEnabled() {
        return trackingUri != null;
    }

    public TrackingSettings withTrackingUri(URI uri) {
        return new TrackingSettings(uri, experimentName, registeredModel, runsDir, credentials, callTimeout, retry,
                queueCapacity, drainTimeout);
    }

    public TrackingSettings withRegisteredModel(String name) {
        return new TrackingSettings(trackingUri, experimentName, name, runsDir, credentials, callTimeout, retry,
                queueCapacity, drainTimeout);
    }

    /** For tests and impatient callers: shorter timeouts and backoff. */
    public TrackingSettings withTiming(Duration callTimeout, Retry retry, Duration drainTimeout) {
        return new TrackingSettings(trackingUri, experimentName, registeredModel, runsDir, credentials, callTimeout, retry,
                queueCapacity, drainTimeout);
    }

    public TrackingSettings withQueueCapacity(int capacity) {
        return new TrackingSettings(trackingUri, experimentName, registeredModel, runsDir, credentials, callTimeout, retry,
                capacity, drainTimeout);
    }

    /**
     * How a failed call is repeated: {@code attempts} in all, waiting {@code firstBackoff}, then
     * twice as long each time, at most {@code maxBackoff}.
     */
    public record Retry(int attempts, Duration firstBackoff, Duration maxBackoff) {
        public Retry {
            if (attempts < 1) throw new IllegalArgumentException("MLFLOW_HTTP_REQUEST_MAX_RETRIES must be >= 0");
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        /** The wait after the {@code failures}-th failed attempt (1-based). */
        public Duration backoff(int failures) {
            long millis = firstBackoff.toMillis() << Math.min(20, Math.max(0, failures - 1));
            return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
        }
    }

    /** How to authenticate to MLflow; all {@code null} for an open server. */
    public record Credentials(String username, String password, String token) {
        public static final Credentials NONE = new Credentials(null, null, null);

        public Credentials {
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("set both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or neither");
            }
        }

        @Override
        public String toString() {
            // Never print secrets into logs or the dashboard.
            return "Credentials[" + (username != null ? "basic" : token != null ? "token" : "none") + "]";
        }

        /** The {@code Authorization} header value, or {@code null} for an open server. */
        public String authorization() {
            if (username != null) {
                return "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return token != null ? "Bearer " + token : null;
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
}
