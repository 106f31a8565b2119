package dev.pmad.coordinator.tracking.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline; tests never sleep to synchronise. */
public final class Await {
    private Await() {}

    public static void until(String what, Duration limit, BooleanSupplier condition) {
        until(limit, condition, () -> what);
    }

    public static void until(Duration limit, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + limit + " waiting for: " + what.get());
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
