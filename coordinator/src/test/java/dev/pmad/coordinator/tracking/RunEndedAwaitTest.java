package dev.pmad.coordinator.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.local.RunsDirectory;
import dev.pmad.coordinator.tracking.testing.TestSettings;
import dev.pmad.coordinator.tracking.testing.TrackedFederation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that learns of a run's end from a listener added before the tracker's (as
 * {@code pmad coordinator} and {@code pmad local} do) waits for the tracker to record that end
 * before closing it; closing first would refuse the end, and the run's model with it.
 */
class RunEndedAwaitTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    @TempDir
    Path runs;
    private final TrackedFederation fed = new TrackedFederation(2);

    @AfterEach
    void stop() {
        fed.close();
    }

    @Test
    void awaitRunEnded_afterAnEarlierListenerHeardTheEnd_returnsOnceTheModelIsWritten() throws Exception {
        var heardFirst = fed.nextSummary(); // added before the tracker: told of the end before it
        RunTracker tracker = fed.track(TestSettings.of(null, runs), List.of(new RunsDirectory(runs)));
        fed.coordinator.startRun(2).get(5, TimeUnit.SECONDS);
        RunSummary s = heardFirst.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(Outcome.COMPLETED, s.outcome(), s.reason());

        assertTrue(tracker.awaitRunEnded(s.runId(), LIMIT));
        tracker.close();
        assertEquals("model of " + s.runId(), Files.readString(runs.resolve(s.runId()).resolve("model/model.bin")));
        assertEquals(List.of(), fed.problems);
    }

    @Test
    void awaitRunEnded_forARunThatNeverEnds_givesUpAfterTheLimit() throws Exception {
        RunTracker tracker = fed.track(TestSettings.of(null, runs), List.of(new RunsDirectory(runs)));
        assertFalse(tracker.awaitRunEnded("run-that-never-was", Duration.ofMillis(50)));
    }
}
