package dev.pmad.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ClippingTest {
    @Test
    void norms_ofSmallVector_areTextbookValues() {
        double[] v = {3, -4};
        assertEquals(5.0, Clipping.l2Norm(v));
        assertEquals(7.0, Clipping.l1Norm(v));
        assertEquals(0.0, Clipping.l2Norm(new double[0]));
    }

    @Test
    void l2Norm_hugeAndTinyEntries_neitherOverflowsNorUnderflows() {
        assertEquals(5e300, Clipping.l2Norm(new double[] {3e300, 4e300}), 1e286);
        assertEquals(5e-300, Clipping.l2Norm(new double[] {3e-300, -4e-300}), 1e-314);
    }

    @Test
    void toL2Norm_longVector_scalesToBoundAndKeepsDirection() {
        double[] v = {3, -4};
        double[] clipped = Clipping.toL2Norm(v, 1.0);
        assertNotSame(v, clipped);
        assertArrayEquals(new double[] {3, -4}, v, "input must be untouched");
        assertEquals(0.6, clipped[0], 1e-15);
        assertEquals(-0.8, clipped[1], 1e-15);
    }

    @Test
    void toL2Norm_shortVector_isAnEqualCopy() {
        double[] v = {0.1, 0.2};
        double[] clipped = Clipping.toL2Norm(v, 1.0);
        assertNotSame(v, clipped);
        assertArrayEquals(v, clipped);
    }

    @Test
    void toL1Norm_longVector_scalesToBound() {
        double[] clipped = Clipping.toL1Norm(new double[] {3, -4}, 1.0);
        assertEquals(3.0 / 7, clipped[0], 1e-15);
        assertEquals(-4.0 / 7, clipped[1], 1e-15);
    }

    @Test
    void toL2NormInPlace_overwritesArgument() {
        double[] v = {3, -4};
        Clipping.toL2NormInPlace(v, 2.5);
        assertEquals(1.5, v[0], 1e-15);
        assertEquals(-2.0, v[1], 1e-15);
    }

    @Test
    void clipping_manyRandomVectors_neverExceedsBound() {
        RandomGenerator random = RandomSources.seededDrbg(20240601L);
        double[] bounds = {1e-3, 0.1, 1.0, 3.3, 1e4};
        for (int trial = 0; trial < 5_000; trial++) {
            int dimension = 1 + random.nextInt(trial % 10 == 0 ? 5000 : 50);
            double magnitude = Math.pow(10, random.nextDouble(-6, 6));
            double[] v = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                v[i] = magnitude * random.nextGaussian();
            }
            double bound = bounds[trial % bounds.length];
            double[] l2 = Clipping.toL2Norm(v, bound);
            double[] l1 = Clipping.toL1Norm(v, bound);
            assertTrue(Clipping.l2Norm(l2) <= bound, () -> "L2 norm " + Clipping.l2Norm(l2) + " > " + bound);
            assertTrue(Clipping.l1Norm(l1) <= bound, () -> "L1 norm " + Clipping.l1Norm(l1) + " > " + bound);
            // The bound is reached, not undershot, when clipping happens.
            if (Clipping.l2Norm(v) > bound) {
                assertEquals(bound, Clipping.l2Norm(l2), 1e-12 * bound);
            }
            Clipping.toL2NormInPlace(v, bound);
            assertTrue(Clipping.l2Norm(v) <= bound);
        }
    }

    @Test
    void clipping_extremeMagnitudes_stillWithinBound() {
        double[][] vectors = {
            {1e308, -1e308, 1e308}, {1e-320, 2e-320}, {Double.MAX_VALUE, Double.MAX_VALUE}, {1e200, 1e-200},
        };
        for (double[] v : vectors) {
            for (double bound : new double[] {1e-300, 1e-5, 1.0, 1e300}) {
                assertTrue(Clipping.l2Norm(Clipping.toL2Norm(v, bound)) <= bound);
                assertTrue(Clipping.l1Norm(Clipping.toL1Norm(v, bound)) <= bound);
            }
        }
    }

    @Test
    void clipping_invalidBound_namesBoundAndSetting() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Clipping.toL2Norm(new double[] {1}, bad));
            assertTrue(e.getMessage().startsWith("clipping bound must be finite and > 0, was " + bad), e.getMessage());
            assertTrue(e.getMessage().contains("DP_CLIP_NORM"), e.getMessage());
        }
    }

    @Test
    void clipping_nonFiniteEntry_isRejectedWithItsIndex() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Clipping.toL1Norm(new double[] {1, Double.NaN}, 1.0));
        assertTrue(e.getMessage().startsWith("v[1] is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Clipping.toL2NormInPlace(new double[] {Double.NEGATIVE_INFINITY}, 1.0));
    }
}
