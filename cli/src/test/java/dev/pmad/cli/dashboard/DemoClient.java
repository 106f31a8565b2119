package dev.pmad.cli.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.cli.Demo;
import dev.pmad.dashboard.testing.EventStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A real {@code pmad demo} (coordinator, five agents on the breast-cancer data, dashboard on a
 * free port) and an HTTP client speaking to it as a browser or script would.
 */
final class DemoClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    final Demo demo;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoClient(String... extraOptions) {
        String[] options = new String[extraOptions.length + 4];
        options[0] = "--port";
        options[1] = "0";
        options[2] = "--round-timeout";
        options[3] = "PT20S";
        System.arraycopy(extraOptions, 0, options, 4, extraOptions.length);
        demo = Demo.start(options);
    }

    String token() {
        return demo.dashboard().token();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + demo.dashboard().port() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode state() throws Exception {
        return JSON.readTree(get("/api/state").body());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> start(int rounds) throws Exception {
        return post("/api/federation/start", "{\"targetRounds\": " + rounds + "}", "X-PMAD-Token", token());
    }

    HttpResponse<String> stop() throws Exception {
        return post("/api/federation/stop", "", "X-PMAD-Token", token());
    }

    EventStreamReader events() throws Exception {
        return new EventStreamReader(http, uri("/api/events"));
    }

    /** Waits until {@code /api/state} satisfies {@code condition}. */
    JsonNode awaitState(Duration limit, Predicate<JsonNode> condition, String what) {
        JsonNode[] last = new JsonNode[1];
        // Every 5 ms from the start: callers also sample the run through the condition (e.g. the
        // /metrics test), and a 30-round demo run is over in well under a second.
        await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> assertTrue(() -> {
            try {
                last[0] = state();
                return condition.test(last[0]);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, () -> what + "; last state: phase " + (last[0] == null ? "?" : last[0].get("phase") + " round "
                + last[0].get("round") + " reason " + last[0].get("reason"))));
        return last[0];
    }

    /** Waits until all five agents have joined and no run is in progress. */
    void awaitIdleWithAgents(int agents) {
        awaitState(Duration.ofSeconds(30), s -> s.get("agents").size() == agents && !s.get("running").asBoolean(),
                agents + " agents joined and no run in progress");
    }

    @Override
    public void close() {
        demo.close();
    }
}
