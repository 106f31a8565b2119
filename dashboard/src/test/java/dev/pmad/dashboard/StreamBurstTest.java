package dev.pmad.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        // A client of its own with a generous connect timeout: 600 connections at once overflow
        // the listen backlog, and the kernel then answers some SYNs only on a retry.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        var responses = new ArrayList<HttpResponse<InputStream>>();
        try (var server = new RunningDashboard(config)) {
            var request = HttpRequest.newBuilder(server.uri("/api/events")).header("Accept", "text/event-stream")
                    .timeout(WAIT).build();
            // sendAsync returns at once: all 600 connections are made together by the client's selector.
            var sent = new ArrayList<CompletableFuture<HttpResponse<InputStream>>>();
            for (int i = 0; i < BURST; i++) sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
            try {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (var f : sent) responses.add(f.join());

                List<HttpResponse<InputStream>> open = responses.stream().filter(r -> r.statusCode() == 200).toList();
                List<HttpResponse<InputStream>> refused = responses.stream().filter(r -> r.statusCode() == 503).toList();
                var stats = server.dashboard.streamStats();
                assertEquals(BURST, open.size() + refused.size(), "every answer is 200 or 503");
                assertEquals(limit, open.size(), "streams stay open during the burst, so exactly the limit get in");
                assertTrue(stats.peakOpenStreams() <= limit, "at most " + limit + " served at once: " + stats);
                assertEquals(BURST - limit, stats.refusedStreams(), stats.toString());
                for (var r : refused) assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));

                // Closing streams gives their places back: a new page gets in.
                for (var r : open.subList(0, 10)) r.body().close();
                await().atMost(WAIT).untilAsserted(() -> assertTrue(() -> server.dashboard.streamStats().openStreams()
                        <= limit - 10, () -> "closed streams to be let go: " + server.dashboard.streamStats()));
                try (var later = server.events()) {
                    assertEquals(200, later.status, "a place freed by a closed stream");
                }
                assertTrue(server.dashboard.streamStats().peakOpenStreams() <= limit);
            } finally {
                for (var r : responses) r.body().close();
            }
        }
    }
}
