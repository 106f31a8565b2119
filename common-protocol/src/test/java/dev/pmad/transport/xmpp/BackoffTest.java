package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void delayAfter_doublesUpToTheMaximum() {
        assertEquals(100, backoff.delayAfter(1, 0).toMillis());
        assertEquals(200, backoff.delayAfter(2, 0).toMillis());
        assertEquals(800, backoff.delayAfter(4, 0).toMillis());
        assertEquals(1000, backoff.delayAfter(5, 0).toMillis());
        assertEquals(1000, backoff.delayAfter(1_000_000, 0).toMillis());
    }

    @Test
    void delayAfter_jitterStretchesByAtMostAFifth() {
        assertEquals(119, backoff.delayAfter(1, 0.999).toMillis());
    }

    @Test
    void constructor_maxBelowInitial_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
