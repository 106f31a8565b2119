package dev.pmad.dashboard.stream;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * At most {@code max} event streams at once, counted from the moment a request is let in.
 *
 * <p>Why reserve first: a stream registers with the hub only once Javalin's async thread runs it,
 * some time after the request was accepted. Checking the number of registered streams and then
 * accepting lets every request of a burst pass the check before any of them counts (600 at once
 * got 268 past a limit of 256). A permit taken before the request is accepted, and given back
 * only when its stream has ended, cannot be overtaken that way.
 */
public final class StreamLimit {
    private final int max;
    private final Semaphore permits;
    private final LongAdder refused = new LongAdder();

    public StreamLimit(int max) {
        if (max < 1) throw new IllegalArgumentException("max must be at least 1, was " + max);
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /** A permit for one stream, or empty when {@code max} are open or reserved (counted as refused). */
    public Optional<Permit> tryReserve() {
        if (permits.tryAcquire()) return Optional.of(new Permit());
        refused.increment();
        return Optional.empty();
    }

    public int max() {
        return max;
    }

    /** Requests turned away because the limit was reached. */
    public long refused() {
        return refused.sum();
    }

    /** One reserved stream; closing it more than once gives the place back only once. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {}

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) permits.release();
        }
    }
}
