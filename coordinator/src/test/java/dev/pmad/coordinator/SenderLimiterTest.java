package dev.pmad.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SenderLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final SenderLimiter limiter = new SenderLimiter(now::get, 60_000, 2);

    @Test
    void oneLinePerSenderPerInterval_withTheCountKeptQuiet() {
        assertTrue(limiter.next("m").firstEver());
        for (int i = 0; i < 9_999; i++) assertFalse(limiter.next("m").log());
        now.set(60_000);
        SenderLimiter.Decision d = limiter.next("m");
        assertTrue(d.log());
        assertFalse(d.firstEver());
        assertEquals(9_999, d.suppressedBefore());
    }

    @Test
    void sendersAreCountedApart_andTheLeastRecentlyHeardForgottenBeyondCapacity() {
        assertTrue(limiter.next("a").log());
        assertTrue(limiter.next("b").log());
        assertFalse(limiter.next("a").log());
        assertTrue(limiter.next("c").firstEver()); // forgets b, heard less recently than a
        assertFalse(limiter.next("a").firstEver());
        assertTrue(limiter.next("b").firstEver());
    }
}
