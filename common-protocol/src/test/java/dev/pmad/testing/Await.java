package dev.pmad.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, for tests that wait on other threads
 * or processes. Waiting a fixed time instead would be either flaky or slow.
 */
public final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private Await() {}

    /** Returns as soon as {@code condition} holds; throws {@link AssertionError} after {@code timeout}. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not true within " + timeout.toMillis() + " ms: " + description.get());
            }
            pause();
        }
    }

    /** One polling interval; for loops that check their own deadline. */
    static void pause() {
        LockSupport.parkNanos(POLL_NANOS);
    }
}
