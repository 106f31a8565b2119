package dev.pmad.time;

import java.time.Duration;

/**
 * Schedules callbacks. Engines use it only to enqueue events (deadline reached, heartbeat due),
 * never to touch state, so a manual implementation gives tests full control of time.
 */
public interface Timers extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, first after one period. */
    Cancellable every(Duration period, Runnable task);

    /** Milliseconds on this timer's clock, for ages and durations. */
    long nowMillis();

    @Override
    void close();

    interface Cancellable {
        void cancel();
    }
}
