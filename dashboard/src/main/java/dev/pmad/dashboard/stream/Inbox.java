package dev.pmad.dashboard.stream;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded many-producers, one-consumer queue whose producers do nothing but a compare-and-set.
 *
 * <p>Why not {@code ArrayBlockingQueue}: its {@code offer} takes a lock that the consumer also
 * holds, and it signals the waiting consumer. Both can cost the producer (the coordinator's loop)
 * a trip through the scheduler: waiting for a descheduled lock holder, or being preempted in
 * favour of the thread it just woke, which measured at a mean of over 100 us per event on a busy
 * two-core machine. Here the producer never wakes anyone: the consumer polls, sleeping 1 ms
 * between polls while events flow and backing off to 50 ms when idle. A dashboard can afford
 * that latency; the federation cannot afford the alternative.
 */
final class Inbox<T> {
    private static final long MIN_SLEEP = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_SLEEP = TimeUnit.MILLISECONDS.toNanos(50);

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    Inbox(int capacity) {
        this.capacity = capacity;
    }

    /** Any thread, never blocks: false, and nothing queued, when full. */
    boolean offer(T item) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        items.offer(item);
        return true;
    }

    /** The consumer thread only: the next item, polling with a growing sleep while there is none. */
    T take() throws InterruptedException {
        long sleep = MIN_SLEEP;
        while (true) {
            T item = items.poll();
            if (item != null) {
                size.decrementAndGet();
                return item;
            }
            LockSupport.parkNanos(this, sleep);
            if (Thread.interrupted()) throw new InterruptedException();
            sleep = Math.min(MAX_SLEEP, sleep * 2);
        }
    }

    void clear() {
        while (items.poll() != null) size.decrementAndGet();
    }
}
