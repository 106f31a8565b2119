package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.dashboard.auth.WrongTokenThrottle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Wrong tokens per client, with a hand-moved clock: when a client is blocked, for how long, and how much is remembered. */
class WrongTokenThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final WrongTokenThrottle throttle = new WrongTokenThrottle(5, WINDOW, 100, nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void fourWrongTokens_doNotBlock_theFifthBlocksForAWholeWindow() {
        for (int i = 0; i < 4; i++) throttle.failed("10.0.0.1");
        assertEquals(Optional.empty(), throttle.blockedFor("10.0.0.1"));
        advance(Duration.ofSeconds(30));
        throttle.failed("10.0.0.1");
        assertEquals(Optional.of(WINDOW), throttle.blockedFor("10.0.0.1"), "a full window from the fifth");
        advance(Duration.ofSeconds(59));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.blockedFor("10.0.0.1"));
        advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), throttle.blockedFor("10.0.0.1"), "free once the window has passed");
    }

    @Test
    void mistakesSpreadOverMoreThanAWindow_neverBlock() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.1");
            advance(Duration.ofSeconds(16)); // four per window, at most
            if (i % 4 == 3) advance(WINDOW);
            assertEquals(Optional.empty(), throttle.blockedFor("10.0.0.1"), "after mistake " + (i + 1));
        }
    }

    @Test
    void aRightTokenWhileNotBlocked_forgetsEarlierMistakes() {
        for (int i = 0; i < 4; i++) throttle.failed("10.0.0.1");
        throttle.succeeded("10.0.0.1");
        for (int i = 0; i < 4; i++) throttle.failed("10.0.0.1");
        assertEquals(Optional.empty(), throttle.blockedFor("10.0.0.1"));
    }

    @Test
    void oneClientsMistakes_doNotBlockAnother() {
        for (int i = 0; i < 5; i++) throttle.failed("10.0.0.1");
        assertTrue(throttle.blockedFor("10.0.0.1").isPresent());
        assertEquals(Optional.empty(), throttle.blockedFor("10.0.0.2"));
    }

    @Test
    void theTable_staysBounded_underGuessesFromManyAddresses() {
        for (int i = 0; i < 10_000; i++) throttle.failed("10.0." + (i / 256) + "." + (i % 256));
        assertTrue(throttle.clientsRemembered() <= 100, "remembered " + throttle.clientsRemembered());
    }

    @Test
    void clientsAreForgotten_aWindowAfterTheirLastMistake() {
        for (int i = 0; i < 50; i++) throttle.failed("10.0.0." + i);
        assertEquals(50, throttle.clientsRemembered());
        advance(WINDOW);
        assertEquals(0, throttle.clientsRemembered());
    }
}
