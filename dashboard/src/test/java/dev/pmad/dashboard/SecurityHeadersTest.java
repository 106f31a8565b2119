package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.dashboard.web.SecurityHeaders;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of response carries the four security headers: the page and its files, each API,
 * the event stream (open and refused), metrics, errors of every status, and paths that do not
 * exist. And the page itself needs nothing the policy forbids.
 */
class SecurityHeadersTest {
    private static RunningDashboard server;

    @BeforeAll
    static void start() {
        // One stream allowed, so that a second one shows the refusal's headers.
        server = new RunningDashboard(DashboardConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withToken(RunningDashboard.TOKEN).withStreams(1, 64, Duration.ofSeconds(15)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET,  /,                      200",
        "GET,  /index.html,            200",
        "GET,  /app.js,                200",
        "GET,  /app.css,               200",
        "GET,  /assets/chart.js,       200",
        "GET,  /api/state,             200",
        "GET,  /api/rounds,            200",
        "GET,  /api/agents,            200",
        "GET,  /health,                200",
        "GET,  /metrics,               200",
        "GET,  /api/model,             404",
        "GET,  /no/such/page,          404",
        "GET,  /api/events,            406",
        "POST, /api/federation/start,  401",
        "POST, /api/federation/stop,   401",
        "PUT,  /api/state,             404",
        "HEAD, /,                      200",
    })
    void everyRouteClass_carriesTheFourHeaders(String method, String path, int status) throws Exception {
        var request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") || method.equals("PUT")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = server.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        assertHeaders(response.headers(), method + " " + path);
    }

    @Test
    void aBadBodyWithTheToken_is400_withTheHeaders() throws Exception {
        var response = server.postWithToken("/api/federation/start", "not json");
        assertEquals(400, response.statusCode());
        assertHeaders(response.headers(), "400");
    }

    @Test
    void theOpenStream_andARefusedOne_carryTheHeaders() throws Exception {
        try (var stream = server.events()) {
            assertEquals(200, stream.status);
            assertHeaders(stream.headers, "open stream");
            stream.next(Duration.ofSeconds(10));
            var refused = server.http.send(HttpRequest.newBuilder(server.uri("/api/events"))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), "the limit is one stream");
            assertHeaders(refused.headers(), "refused stream");
        }
    }

    @Test
    void thePage_hasNoInlineScriptStyleOrHandlers_forThePolicyToBlock() throws Exception {
        String page = server.get("/").body();
        var scripts = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(page);
        assertFalse(scripts.find(), "inline <script> in the page: " + (scripts.hitEnd() ? "" : scripts.group()));
        assertFalse(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "inline event handler (onclick=...) in the page");
        assertFalse(Pattern.compile("<style|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "inline style in the page");
        assertFalse(page.contains("javascript:"), "javascript: URL in the page");
        String js = new String(server.http.send(HttpRequest.newBuilder(server.uri("/app.js")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        assertFalse(Pattern.compile("\\beval\\(|new Function\\(|style=").matcher(js).find(),
                "app.js must not eval, build functions from text or write style attributes");
    }

    private static void assertHeaders(HttpHeaders headers, String what) {
        SecurityHeaders.HEADERS.forEach((name, value) -> assertEquals(value, headers.firstValue(name).orElse(null),
                what + ": header " + name + " in " + headers.map()));
        assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("script-src 'self'"));
    }
}
