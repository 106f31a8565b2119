package dev.pmad.cli.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What each simulated attack sends instead of the honest update, computed by hand. */
class AttackTest {
    private static final double[] START = {1, 2};
    private static final double[] LOCAL = {1.5, 1}; // honest delta (0.5, -1)

    @Test
    void signFlip_sendsTheNegatedDelta() {
        assertArrayEquals(new double[] {0.5, 3}, Attack.parse("sign-flip").tamper(START, LOCAL, new SplittableRandom(1)), 0);
    }

    @Test
    void scale_sendsFTimesTheDelta() {
        assertArrayEquals(new double[] {-4, 12}, Attack.parse("scale:-10").tamper(START, LOCAL, new SplittableRandom(1)), 1e-12);
    }

    @Test
    void noise_addsNoiseOfTheGivenSpread_andLabelFlipOrInflateCountSendTheHonestDelta() {
        double[] sent = Attack.parse("noise:2").tamper(new double[20_000], new double[20_000], new SplittableRandom(7));
        double sq = 0;
        for (double v : sent) sq += v * v;
        assertEquals(2, Math.sqrt(sq / sent.length), 0.05);
        assertArrayEquals(LOCAL, Attack.parse("label-flip").tamper(START, LOCAL, new SplittableRandom(1)), 0);
        assertArrayEquals(LOCAL, Attack.parse("inflate-count:1000000").tamper(START, LOCAL, new SplittableRandom(1)), 0);
    }

    @Test
    void badAttacks_areRefusedSayingWhatIsAccepted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attack.parse("shout")).getMessage()
                .contains("sign-flip, scale:F, noise:S, label-flip or inflate-count:N"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attack.parse("scale")).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attack.parse("scale:big")).getMessage().contains("not a finite number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attack.parse("noise:0")).getMessage().contains("S > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attack.parse("inflate-count:1.5")).getMessage().contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attack.parse("sign-flip:2")).getMessage().contains("takes no value"));
    }
}
