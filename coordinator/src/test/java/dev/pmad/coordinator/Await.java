package dev.pmad.coordinator;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline; tests never sleep to synchronise. */
final class Await {
    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(10), condition);
    }

    static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
