package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantizerTest {
    @ParameterizedTest(name = "{1} contributors, {2} bits, randomized {3}")
    @CsvSource({"1.0, 5, 16, false", "1.0, 5, 16, true", "0.5, 50, 32, false",
        "0.5, 50, 32, true", "3.0, 7, 64, true", "2.0, 3, 8, false"})
    void decodedSum_ofEncodedInputs_isWithinTheStatedErrorBound(double bound, int m, int bits,
            boolean randomized) {
        Quantizer q = Quantizer.forBound(bound, m, bits);
        SplittableRandom rng = new SplittableRandom(7);
        int len = 1000;
        double[] exact = new double[len];
        long[] ring = new long[len];
        for (int a = 0; a < m; a++) {
            double[] x = new double[len];
            for (int i = 0; i < len; i++) {
                // Include the extremes, where overflow would show first.
                x[i] = i < 2 ? (i == 0 ? bound : -bound) : (rng.nextDouble() * 2 - 1) * bound;
                exact[i] += x[i];
            }
            long[] e = randomized ? q.encode(x, rng) : q.encode(x);
            for (int i = 0; i < len; i++) {
                ring[i] += e[i];
            }
        }
        double[] decoded = q.decodeSum(ring, m);
        // Quantization error, plus the double rounding of the exact sum itself (visible at 64 bits).
        double tolerance = (randomized ? m : m / 2.0) / q.scale() + 1e-14 * m * bound;
        for (int i = 0; i < len; i++) {
            assertTrue(Math.abs(decoded[i] - exact[i]) <= tolerance,
                    "index " + i + ": " + decoded[i] + " vs " + exact[i] + ", bound " + tolerance);
        }
        assertEquals(m * bound, decoded[0], tolerance, "all at +bound does not wrap");
        assertEquals(-m * bound, decoded[1], tolerance, "all at -bound does not wrap");
    }

    @Test
    void scale_satisfiesTheNoOverflowInequality() {
        // 16 bits, 5 contributors: L = 32767, K = floor(32767 / 5) - 1 = 6552, 5 (K + 1) = 32765.
        Quantizer q = Quantizer.forBound(2.0, 5, 16);
        assertEquals(6552 / 2.0, q.scale());
        long[] top = q.encode(new double[] {1e9});
        assertEquals(6552, top[0], "clamped to the bound");
        assertEquals(32765, 5 * (6552 + 1), "the worst case of 5 sums, with rounding, fits in L");
    }

    @Test
    void randomizedRounding_isUnbiased() {
        Quantizer q = Quantizer.forBound(1.0, 1, 8); // K = 126, scale 126
        double x = 0.3 / 126; // 0.3 ring units
        SplittableRandom rng = new SplittableRandom(1);
        long ones = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            ones += q.encode(new double[] {x}, rng)[0];
        }
        // Binomial(n, 0.3): mean 60000, sd 205; 5 sd.
        assertEquals(60_000, ones, 1025);
    }

    @Test
    void tooFewBits_failsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.forBound(1.0, 100, 8));
        assertTrue(e.getMessage().contains("bits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantizer.forBound(0, 5, 32));
        assertThrows(IllegalArgumentException.class,
                () -> Quantizer.forBound(1, 5, 32).decodeSum(new long[1], 6));
    }
}
