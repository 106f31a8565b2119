package dev.pmad.dashboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many {@code /api/events} requests at once, kept open until {@link #close}: the streams a
 * dashboard let in, and the answers of those it refused.
 */
public final class StreamBurst implements AutoCloseable {
    public final List<HttpResponse<InputStream>> open = new ArrayList<>();
    public final List<HttpResponse<InputStream>> refused = new ArrayList<>();
    public final List<HttpResponse<InputStream>> other = new ArrayList<>();

    private StreamBurst() {}

    /** Sends {@code count} stream requests together and waits (up to {@code limit}) for every answer's headers. */
    public static StreamBurst send(URI events, int count, Duration limit) throws Exception {
        // A client of its own with a generous connect timeout: hundreds of connections at once
        // overflow the listen backlog, and the kernel then accepts some only on a SYN retry.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(limit).build();
        var request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream").timeout(limit).build();
        // sendAsync returns at once: the connections are all made together by the client's selector.
        var sent = new ArrayList<CompletableFuture<HttpResponse<InputStream>>>();
        for (int i = 0; i < count; i++) sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
        var burst = new StreamBurst();
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            for (var f : sent) {
                if (!f.isDone() || f.isCompletedExceptionally()) continue;
                var r = f.join();
                (r.statusCode() == 200 ? burst.open : r.statusCode() == 503 ? burst.refused : burst.other).add(r);
            }
        }
        return burst;
    }

    public int total() {
        return open.size() + refused.size() + other.size();
    }

    @Override
    public void close() throws IOException {
        for (var list : List.of(open, refused, other)) {
            for (var r : list) r.body().close();
        }
    }
}
