package dev.pmad.dashboard;

import dev.pmad.dashboard.auth.WrongTokenThrottle;
import dev.pmad.dashboard.testing.EventStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A dashboard on a free port over a {@link FakeFederation}, with a small HTTP client. */
final class RunningDashboard implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789";

    final FakeFederation federation = new FakeFederation();
    final Dashboard dashboard;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningDashboard() {
        this(DashboardConfig.defaults().withHost("127.0.0.1").withPort(0).withToken(TOKEN));
    }

    RunningDashboard(DashboardConfig config) {
        dashboard = Dashboard.start(config, federation);
    }

    RunningDashboard(DashboardConfig config, WrongTokenThrottle throttle) {
        dashboard = Dashboard.start(config, federation, throttle);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + dashboard.port() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postWithToken(String path, String body) throws Exception {
        return post(path, body, "X-PMAD-Token", TOKEN);
    }

    EventStreamReader events() throws Exception {
        return new EventStreamReader(http, uri("/api/events"));
    }

    @Override
    public void close() {
        dashboard.close();
    }
}
