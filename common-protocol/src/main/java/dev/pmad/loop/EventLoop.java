package dev.pmad.loop;

import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A single daemon thread that takes events from an unbounded queue, in order, and hands each to
 * a {@link Handler}. {@link #submit} is the only thread-safe entry point; the handler runs only on
 * the loop thread, so the state it touches needs no locks.
 *
 * <p>A {@link RuntimeException} from one event goes to {@link Handler#failed} and the loop goes on:
 * one bad event must not stop an engine. Not for blocking work that must not delay later events:
 * everything queued waits while the handler runs.
 */
public final class EventLoop<E> {
    private static final Object STOP = new Object();

    /** What the loop does; every method runs on the loop thread. */
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
    private final Thread thread;

    public EventLoop(String threadName, Handler<E> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Thread-safe: queues {@code event} behind everything submitted before. */
    public void submit(E event) {
        inbox.add(Objects.requireNonNull(event, "event"));
    }

    /**
     * Ends the loop after the events already queued and waits for it, unless called from the loop
     * itself or the loop never started (there is nothing to wait for then).
     */
    public void stop() {
        inbox.add(STOP);
        if (Thread.currentThread() == thread || !thread.isAlive()) return;
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private void run() {
        try {
            while (true) {
                Object next = inbox.take();
                if (next == STOP) break;
                E event = (E) next;
                try {
                    handler.handle(event);
                } catch (RuntimeException e) {
                    handler.failed(event, e);
                }
                handler.afterEach();
                if (inbox.isEmpty()) handler.drained();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            handler.stopped();
            ended.countDown();
        }
    }
}
