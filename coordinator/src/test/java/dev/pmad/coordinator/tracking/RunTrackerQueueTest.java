package dev.pmad.coordinator.tracking;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.testing.TrackedFederation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tracker never makes the coordinator wait, and a run's end makes up for dropped rounds. */
class RunTrackerQueueTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** A sink stuck in its first call until released; records what it is given afterwards. */
    private static final class StuckSink implements TrackingSink {
        final CountDownLatch release = new CountDownLatch(1);
        final List<RoundLogged> rounds = new CopyOnWriteArrayList<>();
        final List<RunEnded> ends = new CopyOnWriteArrayList<>();
        volatile boolean entered;

        @Override
        public String name() {
            return "stuck sink";
        }

        @Override
        public void runStarted(RunStarted run) throws InterruptedException {
            entered = true;
            release.await(1, TimeUnit.MINUTES);
        }

        @Override
        public void roundLogged(RoundLogged round) {
            rounds.add(round);
        }

        @Override
        public void runEnded(RunEnded run) {
            ends.add(run);
        }
    }

    @Test
    void aStuckSink_neitherSlowsTheRun_norLosesRounds_whenTheQueueOverflows() throws Exception {
        var sink = new StuckSink();
        try (var fed = new TrackedFederation(2)) {
            var tracker = fed.track(TestQueue.settings(4), List.of(sink));
            RunSummary s = fed.run(12, LIMIT);
            assertEquals(12, s.rounds().size());
            await("the sink to be stuck").atMost(LIMIT).until(() -> sink.entered);
            sink.release.countDown();
            assertTrue(tracker.awaitIdle(LIMIT));

            assertTrue(sink.rounds.size() < 12, "rounds were dropped while the sink was stuck: " + sink.rounds.size());
            assertEquals(1, sink.ends.size(), "the end of a run is never dropped");
            RunEnded end = sink.ends.get(0);
            assertEquals(12, end.rounds().size(), "the end carries every round");
            for (int r = 1; r <= 12; r++) assertEquals(r, end.rounds().get(r - 1).round());
            assertTrue(fed.problemsText().contains("tracking queue was full"), fed.problemsText());
        }
    }

    @Test
    void aSinkThatThrows_isReported_andTheNextSinkStillRecords() throws Exception {
        var broken = new TrackingSink() {
            @Override
            public String name() {
                return "broken sink";
            }

            @Override
            public void runStarted(RunStarted run) {
                throw new IllegalStateException("disk on fire");
            }

            @Override
            public void roundLogged(RoundLogged round) {}

            @Override
            public void runEnded(RunEnded run) {}
        };
        var sink = new StuckSink();
        sink.release.countDown();
        try (var fed = new TrackedFederation(1)) {
            var tracker = fed.track(TestQueue.settings(64), List.of(broken, sink));
            fed.run(2, LIMIT);
            assertTrue(tracker.awaitIdle(LIMIT));
            assertTrue(fed.problemsText().contains("broken sink: could not record the start of run"), fed.problemsText());
            assertTrue(fed.problemsText().contains("disk on fire"), fed.problemsText());
            assertEquals(2, sink.rounds.size());
            assertEquals(1, sink.ends.size());
        }
    }

    /** Settings with a small queue and no MLflow. */
    private static final class TestQueue {
        static TrackingSettings settings(int capacity) {
            return dev.pmad.coordinator.tracking.testing.TestSettings.of(null, java.nio.file.Path.of("unused"))
                    .withQueueCapacity(capacity);
        }
    }
}
