package dev.pmad.dashboard.stream;

import dev.pmad.dashboard.json.Json;
import dev.pmad.dashboard.port.DashboardState;
import dev.pmad.dashboard.port.FederationEvent;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans federation events out to every open event stream.
 *
 * <p><b>Threading.</b> {@link #publish} runs on the federation's event-loop thread, so it only
 * offers the event to a bounded, lock-free inbox ({@link Inbox}): it never blocks, never wakes
 * another thread, never serialises, never touches a socket (a full inbox drops the event and
 * counts it). One dispatcher thread serialises each event once and offers it to every stream's
 * bounded queue; each stream's own thread (from Javalin's async pool) writes to its socket. A
 * write to a slow or dead browser therefore blocks only that stream's thread.
 *
 * <p><b>Slow clients.</b> A stream whose queue is full is evicted: its thread closes it after its
 * current write returns (at the latest when Jetty's idle timeout fails that write). The browser's
 * {@code EventSource} reconnects by itself and resynchronises from a fresh snapshot, so nothing
 * is silently lost: the page either has every event in order or starts over from a snapshot.
 *
 * <p><b>How many.</b> A stream needs a {@link #reserve() permit} before its request is accepted
 * ({@link StreamLimit}); {@link #serve} gives it back when the stream ends, however it ends.
 */
public final class EventHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final Stamped SHUTDOWN = new Stamped(null, 0);
    private static final long SLOW_PUBLISH_NANOS = 1_000_000;
    private static final Set<String> QUIET_PHASES = Set.of("ROUND_START", "AGGREGATING", "EVALUATING");

    private record Stamped(FederationEvent event, long millis) {}

    /** The snapshot a new stream starts with: the whole state and the recent log. */
    public record Snapshot(DashboardState state, List<LogEntry> log) {}

    private final Supplier<DashboardState> state;
    private final int clientQueue;
    private final Duration keepAlive;
    private final Inbox<Stamped> inbox;
    private final StreamLimit limit;
    private final List<StreamClient> clients = new CopyOnWriteArrayList<>();
    // Streams being served, and the most ever served at once: what the limit is there to bound.
    private final AtomicInteger serving = new AtomicInteger();
    private final LongAccumulator peakServing = new LongAccumulator(Math::max, 0);
    private final RecentLog recent = new RecentLog(200);
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder publishNanos = new LongAdder();
    private final LongAccumulator maxPublishNanos = new LongAccumulator(Math::max, 0);
    private final LongAdder slowPublishes = new LongAdder();
    private final Thread dispatcher;

    /**
     * @param state       where snapshots come from
     * @param inboxSize   events waiting for the dispatcher before new ones are dropped
     * @param clientQueue events waiting for one stream before it is evicted
     * @param keepAlive   silence after which a stream gets a comment (finds dead connections)
     * @param maxStreams  streams open at once; more are refused by {@link #reserve()}
     */
    public EventHub(Supplier<DashboardState> state, int inboxSize, int clientQueue, Duration keepAlive, int maxStreams) {
        this.state = state;
        this.limit = new StreamLimit(maxStreams);
        this.clientQueue = clientQueue;
        this.keepAlive = keepAlive;
        this.inbox = new Inbox<>(inboxSize);
        this.dispatcher = new Thread(this::dispatch, "dashboard-events");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    /** Federation's thread: hands the event over without blocking. */
    public void publish(FederationEvent event) {
        long began = System.nanoTime();
        if (!inbox.offer(new Stamped(event, System.currentTimeMillis()))) dropped.increment();
        published.increment();
        long took = System.nanoTime() - began;
        publishNanos.add(took);
        maxPublishNanos.accumulate(took);
        if (took > SLOW_PUBLISH_NANOS) slowPublishes.increment();
    }

    /** A place for one more stream, or empty when {@code maxStreams} are open or about to open. */
    public Optional<StreamLimit.Permit> reserve() {
        return limit.tryReserve();
    }

    /** How many streams may be open at once. */
    public int maxStreams() {
        return limit.max();
    }

    /**
     * Serves one event stream on the calling thread until the browser leaves or is evicted: a
     * snapshot first, then every event in order. Gives {@code permit} back when it returns.
     */
    public void serve(SseClient sse, StreamLimit.Permit permit) {
        try (permit) {
            peakServing.accumulate(serving.incrementAndGet());
            try {
                serve(sse);
            } finally {
                serving.decrementAndGet();
            }
        }
    }

    private void serve(SseClient sse) {
        var client = new StreamClient(clientQueue);
        clients.add(client);
        try {
            // Registered before the snapshot: an event may then arrive twice, never not at all.
            var snapshot = new OutboundEvent("snapshot", Json.write(new Snapshot(state.get(), recent.lines())), "");
            client.serve(sse, snapshot, keepAlive, delivered::add);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.debug("event stream ended: {}", e.toString()); // the browser left
        } finally {
            clients.remove(client);
            sse.close();
        }
    }

    public int openStreams() {
        return clients.size();
    }

    public List<LogEntry> recentLog() {
        return recent.lines();
    }

    public StreamStats stats() {
        return new StreamStats(clients.size(), published.sum(), dropped.sum(), delivered.sum(), evicted.sum(),
                maxPublishNanos.get(), publishNanos.sum(), slowPublishes.sum(), peakServing.get(), limit.refused());
    }

    @Override
    public void close() {
        inbox.clear();
        inbox.offer(SHUTDOWN);
        LockSupport.unpark(dispatcher);
        try {
            dispatcher.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.forEach(StreamClient::evict);
    }

    private void dispatch() {
        try {
            while (true) {
                Stamped next = inbox.take();
                if (next == SHUTDOWN) return;
                try {
                    encode(next).forEach(this::fanOut);
                } catch (RuntimeException e) {
                    log.error("dashboard: could not deliver {}", next.event(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fanOut(OutboundEvent event) {
        for (StreamClient client : clients) {
            if (!client.offer(event) && client.evict()) {
                evicted.increment();
                log.info("dashboard: closed an event stream that fell {} events behind; the browser will reconnect",
                        clientQueue);
            }
        }
    }

    private List<OutboundEvent> encode(Stamped stamped) {
        FederationEvent event = stamped.event();
        if (event instanceof FederationEvent.PhaseChanged p) {
            // The steps inside a round would bury everything else in the log; the page's diagram shows them.
            if (QUIET_PHASES.contains(p.phase())) return List.of(out("phase", p));
            String line = p.phase() + (p.reason().isEmpty() ? "" : ": " + p.reason());
            return List.of(out("phase", p), logLine(stamped.millis(), "phase", line));
        }
        if (event instanceof FederationEvent.RoundCompleted r) {
            var round = r.round();
            String line = String.format(Locale.ROOT, "round %d done: accuracy %.4f, loss %.4f, F1 %.4f (%d agents%s)",
                    round.round(), round.accuracy(), round.loss(), round.f1(), round.participants().size(),
                    round.failures().isEmpty() ? "" : ", " + round.failures().size() + " failed");
            return List.of(out("round", r), logLine(stamped.millis(), "info", line));
        }
        if (event instanceof FederationEvent.RunStarted r) return List.of(out("run", r));
        if (event instanceof FederationEvent.AgentsChanged a) return List.of(out("agents", a.agents()));
        if (event instanceof FederationEvent.RunFinished f) {
            var o = f.outcome();
            String level = "COMPLETED".equals(o.outcome()) ? "info" : "FAILED".equals(o.outcome()) ? "error" : "warn";
            return List.of(out("finished", o), logLine(stamped.millis(), level, "run " + o.runId() + " ended "
                    + o.outcome() + " after " + o.roundsCompleted() + " rounds" + (o.reason().isEmpty() ? "" : ": " + o.reason())));
        }
        if (event instanceof FederationEvent.Log l) return List.of(logLine(stamped.millis(), l.level(), l.message()));
        throw new IllegalStateException("unhandled event " + event);
    }

    private OutboundEvent out(String name, Object payload) {
        return new OutboundEvent(name, Json.write(payload), Long.toString(sequence.incrementAndGet()));
    }

    private OutboundEvent logLine(long millis, String level, String message) {
        long seq = sequence.incrementAndGet();
        var entry = new LogEntry(seq, millis, level, message);
        recent.add(entry);
        return new OutboundEvent("log", Json.write(entry), Long.toString(seq));
    }
}
