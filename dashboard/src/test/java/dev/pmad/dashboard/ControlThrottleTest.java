package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.dashboard.auth.WrongTokenThrottle;
import dev.pmad.dashboard.web.SecurityHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wrong tokens on the real server, with a hand-moved clock: after five, the client gets 429 with
 * Retry-After (even with the right token) until the window has passed, and nothing is started.
 */
class ControlThrottleTest {
    private static final String START = "/api/federation/start";
    private static final String BODY = "{\"targetRounds\": 5}";
    private final AtomicLong nanos = new AtomicLong();
    private final RunningDashboard server = new RunningDashboard(
            DashboardConfig.defaults().withHost("127.0.0.1").withPort(0).withToken(RunningDashboard.TOKEN),
            new WrongTokenThrottle(5, Duration.ofMinutes(1), 1000, nanos::get));

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void fiveWrongTokens_thenEvenTheRightOneIs429_untilTheWindowPasses() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, server.post(START, BODY, "X-PMAD-Token", "guess-" + i).statusCode(), "guess " + i);
        }
        HttpResponse<String> guess = server.post(START, BODY, "X-PMAD-Token", "guess-5");
        assertEquals(429, guess.statusCode(), guess.body());
        assertEquals("60", guess.headers().firstValue("Retry-After").orElse(null));
        assertTrue(new ObjectMapper().readTree(guess.body()).get("message").asText().contains("try again in 60 s"),
                guess.body());
        SecurityHeaders.HEADERS.forEach((name, value) -> assertEquals(value, guess.headers().firstValue(name).orElse(null)));

        nanos.addAndGet(Duration.ofSeconds(45).toNanos());
        HttpResponse<String> right = server.postWithToken(START, BODY);
        assertEquals(429, right.statusCode(), "blocked means blocked, or the block would confirm a right guess");
        assertEquals("15", right.headers().firstValue("Retry-After").orElse(null));
        assertEquals(429, server.post("/api/federation/stop", "", "Authorization", "Bearer " + RunningDashboard.TOKEN)
                .statusCode(), "Stop is throttled as well");
        assertTrue(server.federation.starts.isEmpty(), "nothing started while blocked");

        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        assertEquals(202, server.postWithToken(START, BODY).statusCode(), "the window has passed");
        assertEquals(1, server.federation.starts.size());
    }

    @Test
    void requestsWithoutAToken_areNotCountedAsGuesses() throws Exception {
        for (int i = 0; i < 10; i++) assertEquals(401, server.post(START, BODY).statusCode());
        assertEquals(202, server.postWithToken(START, BODY).statusCode());
    }

    @Test
    void theDefaultThrottle_answers429_afterAHandfulOfWrongTokens() throws Exception {
        try (var plain = new RunningDashboard()) {
            int[] statuses = new int[8];
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = plain.post(START, BODY, "X-PMAD-Token", "guess").statusCode();
            }
            assertEquals("[401, 401, 401, 401, 401, 429, 429, 429]", java.util.Arrays.toString(statuses));
        }
    }
}
