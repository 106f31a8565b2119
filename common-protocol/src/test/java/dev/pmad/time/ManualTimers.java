package dev.pmad.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link Timers} whose clock moves only when a test calls {@link #advance}: deadlines fire
 * deterministically, in time order, on the test's thread. Shipped in the test-jar.
 */
public final class ManualTimers implements Timers {
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long sequence;

    private final class Task implements Cancellable {
        final long seq = sequence++;
        long due;
        final long period;
        final Runnable action;
        boolean cancelled;

        Task(long due, long period, Runnable action) {
            this.due = due;
            this.period = period;
            this.action = action;
        }

        @Override
        public void cancel() {
            synchronized (ManualTimers.this) {
                cancelled = true;
            }
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toMillis(), 0, task);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized Cancellable every(Duration period, Runnable task) {
        Task t = new Task(now + period.toMillis(), Math.max(1, period.toMillis()), task);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    /** Moves the clock forward, running every task that falls due, in order. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toMillis();
        }
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled);
                next = tasks.stream().filter(t -> t.due <= target)
                        .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.seq))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                now = next.due;
                if (next.period > 0) next.due += next.period;
                else tasks.remove(next);
            }
            next.action.run();
        }
    }

    /** Number of pending one-shot or periodic tasks. */
    public synchronized int pending() {
        tasks.removeIf(t -> t.cancelled);
        return tasks.size();
    }

    @Override
    public void close() {}
}
