package dev.pmad.dashboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test client of {@code /api/events} that parses the stream into events, as EventSource does. */
public final class EventStreamReader implements AutoCloseable {
    public record Event(String name, String data, String id) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;
    public final int status;
    public final HttpHeaders headers;

    public EventStreamReader(HttpClient http, URI uri) throws Exception {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        status = response.statusCode();
        headers = response.headers();
        lines = response.body();
        reader = new Thread(this::read, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        String name = "message";
        String id = "";
        var data = new ArrayList<String>();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) events.add(new Event(name, String.join("\n", data), id));
                    name = "message";
                    id = "";
                    data.clear();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                }
            }
        } catch (RuntimeException e) {
            // closed by the test or the server
        }
    }

    /** The next event, failing the test if none arrives in time. */
    public Event next(Duration limit) throws InterruptedException {
        Event event = events.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) throw new AssertionError("no event within " + limit.toMillis() + " ms");
        return event;
    }

    /** The next event called {@code name}, skipping others. */
    public Event next(String name, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) throw new AssertionError("no '" + name + "' event within " + limit.toMillis() + " ms");
            if (event.name().equals(name)) return event;
        }
    }

    public List<Event> drain() {
        var all = new ArrayList<Event>();
        events.drainTo(all);
        return all;
    }

    @Override
    public void close() {
        lines.close();
    }
}
