package dev.pmad.loop;

import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes events from an unbounded queue, in order, one at a time, and hands each to a {@link
 * Handler}. {@link #submit} is the only thread-safe entry point; the handler never runs on two
 * threads at once, and each run sees what the previous one wrote, so the state it touches needs no
 * locks.
 *
 * <p>Either on a daemon thread of its own, or as a serial task on a shared {@link Executor}: a
 * simulation of thousands of agents needs thousands of loops, not thousands of threads. On an
 * executor a loop handles at most {@link #BATCH} events per turn before it queues itself again,
 * so that one busy loop cannot starve the others.
 *
 * <p>A {@link RuntimeException} from one event goes to {@link Handler#failed} and the loop goes on:
 * one bad event must not stop an engine. Not for blocking work that must not delay later events:
 * everything queued waits while the handler runs.
 */
public final class EventLoop<E> {
    private static final Object STOP = new Object();
    /** Events one turn on a shared executor handles before others get their turn. */
    static final int BATCH = 64;

    /** What the loop does; every method runs on the loop, one at a time. */
    public interface Handler<E> {
        void handle(E event);

        /** {@code handle} threw; the loop continues with the next event. */
        void failed(E event, RuntimeException error);

        /** After each event, handled or failed. */
        default void afterEach() {}

        /**
         * After an event that left the queue empty: the end of a burst. Work whose result only the
         * latest state needs (a snapshot for readers) belongs here, done once per burst instead of
         * once per event.
         */
        default void drained() {}

        /** Once, when the loop ends. */
        default void stopped() {}
    }

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Handler<E> handler;
    /** Null when the loop runs on a thread of its own. */
    private final Executor executor;
    private final Thread thread;
    private volatile boolean started;
    /** A turn is queued on the executor or running; set by whoever queues it. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The thread running the loop's turn now, or null. */
    private volatile Thread current;

    /** A loop on a daemon thread of its own, named {@code threadName}. */
    public EventLoop(String threadName, Handler<E> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = null;
        this.thread = new Thread(this::runOwnThread, threadName);
        this.thread.setDaemon(true);
    }

    /** A loop that runs its turns on {@code executor}, which it shares with others (and does not shut down). */
    public EventLoop(Handler<E> handler, Executor executor) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.thread = null;
    }

    public void start() {
        started = true;
        if (thread != null) thread.start();
        else schedule();
    }

    /** Thread-safe: queues {@code event} behind everything submitted before. */
    public void submit(E event) {
        enqueue(Objects.requireNonNull(event, "event"));
    }

    /**
     * Ends the loop after the events already queued and waits for it, unless called from the loop
     * itself or the loop never started (there is nothing to wait for then).
     */
    public void stop() {
        enqueue(STOP);
        if (!started || Thread.currentThread() == current || (thread != null && !thread.isAlive())) return;
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Object item) {
        inbox.add(item);
        if (thread == null && started) schedule();
    }

    // ---- on a thread of its own ----

    private void runOwnThread() {
        current = thread;
        try {
            while (true) {
                Object next = inbox.take();
                if (next == STOP) break;
                handleOne(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            end();
        }
    }

    // ---- on a shared executor ----

    private void schedule() {
        if (ended.getCount() == 0) return;
        if (scheduled.compareAndSet(false, true)) executor.execute(this::turn);
    }

    private void turn() {
        current = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Object next = inbox.poll();
                if (next == null) break;
                if (next == STOP) {
                    end();
                    return;
                }
                handleOne(next);
            }
        } finally {
            current = null;
            scheduled.set(false);
        }
        // Events that came in after the last poll, or beyond the batch: another turn.
        if (!inbox.isEmpty()) schedule();
    }

    // ---- either way ----

    @SuppressWarnings("unchecked")
    private void handleOne(Object next) {
        E event = (E) next;
        try {
            handler.handle(event);
        } catch (RuntimeException e) {
            handler.failed(event, e);
        }
        handler.afterEach();
        if (inbox.isEmpty()) handler.drained();
    }

    private void end() {
        try {
            handler.stopped();
        } finally {
            ended.countDown();
        }
    }
}
