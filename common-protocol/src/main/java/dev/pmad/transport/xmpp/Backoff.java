package dev.pmad.transport.xmpp;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between connection attempts: {@code initial}, doubled after each further
 * failure, never above {@code max}, stretched by up to 20% jitter so that many agents losing the
 * same server do not all come back in the same millisecond.
 */
public record Backoff(Duration initial, Duration max) {
    /** One second doubling to a minute: quick after a blip, gentle on a server that is down. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be > 0, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max delay " + max + " is below the initial delay " + initial);
        }
    }

    /**
     * The wait before the next attempt after {@code failures} consecutive failures (>= 1);
     * {@code jitter} in [0, 1) picks the stretch, e.g. {@code ThreadLocalRandom.current().nextDouble()}.
     */
    public Duration delayAfter(int failures, double jitter) {
        if (failures < 1) throw new IllegalArgumentException("failures must be >= 1, was " + failures);
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        long maxMs = max.toMillis();
        long ms = initial.toMillis();
        for (int i = 1; i < failures && ms < maxMs; i++) ms *= 2;
        ms = Math.min(ms, maxMs);
        return Duration.ofMillis(ms + (long) (ms * 0.2 * jitter));
    }
}
