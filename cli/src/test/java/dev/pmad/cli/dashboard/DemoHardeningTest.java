package dev.pmad.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.dashboard.testing.StreamBurst;
import dev.pmad.dashboard.web.SecurityHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 4 of the trust issue, on a real {@code pmad demo}: every page and API answer carries
 * the four security headers, a handful of wrong tokens from one client turns into 429, and a
 * burst of 600 event streams never has more than the limit open.
 */
class DemoHardeningTest {
    private static DemoClient demo;

    @BeforeAll
    static void start() {
        demo = new DemoClient();
        demo.awaitIdleWithAgents(5);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void everyPageAndApiAnswer_carriesTheFourHeaders() throws Exception {
        for (String path : List.of("/", "/app.js", "/app.css", "/assets/chart.js", "/api/state", "/api/rounds",
                "/api/agents", "/api/model", "/health", "/metrics", "/no/such/page", "/api/events")) {
            HttpResponse<String> response = demo.get(path);
            SecurityHeaders.HEADERS.forEach((name, value) -> assertEquals(value,
                    response.headers().firstValue(name).orElse(null), "GET " + path + " (" + response.statusCode()
                            + "): " + name));
        }
        // 401, or 429 when the wrong-token test has already blocked this client: refused either way.
        HttpResponse<String> stop = demo.post("/api/federation/stop", "");
        assertTrue(stop.statusCode() == 401 || stop.statusCode() == 429, stop.body());
        SecurityHeaders.HEADERS.forEach((name, value) -> assertEquals(value, stop.headers().firstValue(name).orElse(null),
                stop.statusCode() + ": " + name));
    }

    @Test
    void aHandfulOfWrongTokens_fromOneClient_turnsInto429WithRetryAfter() throws Exception {
        var statuses = new ArrayList<Integer>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 7; i++) {
            last = demo.post("/api/federation/stop", "", "X-PMAD-Token", "guess-" + i);
            statuses.add(last.statusCode());
        }
        assertEquals(List.of(401, 401, 401, 401, 401, 429, 429), statuses);
        assertTrue(Integer.parseInt(last.headers().firstValue("Retry-After").orElse("0")) > 0, last.headers().map().toString());
        assertEquals(429, demo.stop().statusCode(), "while blocked, even the right token is refused");
        assertEquals("IDLE", demo.state().get("phase").asText());
    }

    @Test
    void aBurstOf600EventStreams_neverHasMoreThanTheLimitOpen() throws Exception {
        try (var burst = StreamBurst.send(demo.uri("/api/events"), 600, Duration.ofSeconds(60))) {
            var stats = demo.demo.dashboard().streamStats();
            assertEquals(600, burst.total());
            assertEquals(256, burst.open.size(), stats.toString());
            assertEquals(344, burst.refused.size(), stats.toString());
            assertTrue(stats.peakOpenStreams() <= 256, stats.toString());
        }
    }
}
