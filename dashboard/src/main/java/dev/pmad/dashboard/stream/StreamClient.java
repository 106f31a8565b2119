package dev.pmad.dashboard.stream;

import io.javalin.http.sse.SseClient;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * One open event stream: a bounded queue filled by the hub's dispatcher and drained by the
 * stream's own thread, the only one that ever writes to its socket.
 *
 * <p>Events that queued up while the last write was in flight go out in one write and one flush
 * (a round brings some ten events at once): with fifty pages open, that is fifty system calls
 * per burst instead of five hundred.
 */
final class StreamClient {
    private static final OutboundEvent EVICTED = new OutboundEvent("", "", "");
    private static final int BATCH = 64;
    // A comment line: ignored by EventSource, but it finds dead connections and keeps proxies from timing out.
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final ArrayBlockingQueue<OutboundEvent> queue;
    private final AtomicBoolean evicted = new AtomicBoolean();

    StreamClient(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Dispatcher thread: never blocks; false when the queue is full. */
    boolean offer(OutboundEvent event) {
        return !evicted.get() && queue.offer(event);
    }

    /**
     * Tells the stream's thread to close the stream. Called by the dispatcher, the only producer,
     * so after the clear there is room for the marker.
     */
    boolean evict() {
        if (!evicted.compareAndSet(false, true)) return false;
        queue.clear();
        queue.offer(EVICTED);
        return true;
    }

    /**
     * Writes the snapshot, then queued events, until the browser goes away (the write fails) or
     * the hub evicts this stream. Runs on the stream's own thread; a write to a slow socket blocks
     * only it.
     *
     * @param written told how many events each write carried
     */
    void serve(SseClient sse, OutboundEvent snapshot, Duration keepAlive, LongConsumer written)
            throws InterruptedException, IOException {
        HttpServletResponse response = sse.ctx().res();
        OutputStream out = response.getOutputStream();
        write(out, response, List.of(snapshot));
        var batch = new ArrayList<OutboundEvent>(BATCH);
        while (true) {
            OutboundEvent first = queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null) {
                out.write(KEEP_ALIVE);
                response.flushBuffer();
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            int end = batch.indexOf(EVICTED);
            List<OutboundEvent> events = end < 0 ? batch : batch.subList(0, end);
            if (!events.isEmpty()) {
                write(out, response, events);
                written.accept(events.size());
            }
            if (end >= 0) return;
        }
    }

    /** The WHATWG event-stream format; the JSON payloads never contain a line break. */
    private static void write(OutputStream out, HttpServletResponse response, List<OutboundEvent> events)
            throws IOException {
        var text = new StringBuilder();
        for (OutboundEvent e : events) {
            if (!e.id().isEmpty()) text.append("id: ").append(e.id()).append('\n');
            text.append("event: ").append(e.name()).append('\n').append("data: ").append(e.json()).append("\n\n");
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }
}
