package dev.pmad.coordinator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets through at most one line per sender per interval, and remembers whom it has answered.
 *
 * <p>Why: a sender can send as fast as the server relays, and each of its messages must not become
 * a log line, a dashboard event or a reply; the counts in {@code /metrics} carry the volume. The
 * memory is bounded (least recently heard senders are forgotten first), so a flood of distinct
 * accounts costs at most {@code capacity} entries; a forgotten sender may be logged or answered
 * once more, which is the price of the bound.
 *
 * <p>Thread-safe: the coordinator calls it from transport threads (senders it does not admit,
 * before anything is decoded) as well as from its loop.
 */
final class SenderLimiter {
    /** What to do about one message of a sender. */
    record Decision(boolean log, long suppressedBefore, boolean firstEver) {}

    private static final class Entry {
        long lastLoggedMillis;
        long suppressed;
    }

    private final LongSupplier clock;
    private final long intervalMillis;
    private final Map<String, Entry> senders;

    SenderLimiter(LongSupplier clock, long intervalMillis, int capacity) {
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        this.senders = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * One more message from {@code sender}: whether to log it (the first ever, or the first since
     * the interval passed), how many were kept quiet since the last line, and whether it is the
     * first this limiter has seen from the sender.
     */
    synchronized Decision next(String sender) {
        long now = clock.getAsLong();
        Entry entry = senders.get(sender);
        if (entry == null) {
            entry = new Entry();
            entry.lastLoggedMillis = now;
            senders.put(sender, entry);
            return new Decision(true, 0, true);
        }
        if (now - entry.lastLoggedMillis >= intervalMillis) {
            long quiet = entry.suppressed;
            entry.suppressed = 0;
            entry.lastLoggedMillis = now;
            return new Decision(true, quiet, false);
        }
        entry.suppressed++;
        return new Decision(false, 0, false);
    }
}
