package dev.pmad.coordinator.tracking.testing;

import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.TrackingSettings.Credentials;
import dev.pmad.coordinator.tracking.TrackingSettings.Retry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Tracking settings with test-sized timeouts: 1 s per call, 3 attempts 20-80 ms apart. */
public final class TestSettings {
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    public static final Retry RETRY = new Retry(3, Duration.ofMillis(20), Duration.ofMillis(80));

    private TestSettings() {}

    public static TrackingSettings of(URI mlflow, Path runsDir) {
        return new TrackingSettings(mlflow, TrackingSettings.DEFAULT_EXPERIMENT, null, runsDir, Credentials.NONE,
                CALL_TIMEOUT, RETRY, 64, Duration.ofSeconds(30));
    }
}
