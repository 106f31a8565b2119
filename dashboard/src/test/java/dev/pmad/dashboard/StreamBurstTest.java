package dev.pmad.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.dashboard.testing.StreamBurst;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A burst of 600 event-stream requests at once against the default limit of 256: the server never
 * serves more than 256 at a time, every other request gets a 503 with Retry-After, and the places
 * come back when streams close.
 */
class StreamBurstTest {
    private static final int BURST = 600;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aBurstOf600Streams_neverHasMoreThanTheLimitOpen_andTheRestAreRefusedWithRetryAfter() throws Exception {
        // Keep-alives every 200 ms, so that the server notices closed streams soon after the test closes them.
        var config = DashboardConfig.defaults().withHost("127.0.0.1").withPort(0).withToken("t")
                .withStreams(DashboardConfig.defaults().maxStreams(), 64, Duration.ofMillis(200));
        int limit = config.maxStreams();
        assertEquals(256, limit, "the default limit");
        try (var server = new RunningDashboard(config); var burst = StreamBurst.send(server.uri("/api/events"), BURST, WAIT)) {
            var stats = server.dashboard.streamStats();
            assertEquals(BURST, burst.total(), "every request answered");
            assertEquals(0, burst.other.size(), "every answer is 200 or 503");
            assertEquals(limit, burst.open.size(), "streams stay open during the burst, so exactly the limit get in");
            assertTrue(stats.peakOpenStreams() <= limit, "at most " + limit + " served at once: " + stats);
            assertEquals(BURST - limit, stats.refusedStreams(), stats.toString());
            for (var r : burst.refused) assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));

            // Closing streams gives their places back: a new page gets in.
            for (var r : burst.open.subList(0, 10)) r.body().close();
            await().atMost(WAIT).untilAsserted(() -> assertTrue(() -> server.dashboard.streamStats().openStreams()
                    <= limit - 10, () -> "closed streams to be let go: " + server.dashboard.streamStats()));
            try (var later = server.events()) {
                assertEquals(200, later.status, "a place freed by a closed stream");
            }
            assertTrue(server.dashboard.streamStats().peakOpenStreams() <= limit);
        }
    }
}
