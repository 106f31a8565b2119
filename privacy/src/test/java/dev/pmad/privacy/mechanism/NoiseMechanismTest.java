package dev.pmad.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NoiseMechanismTest {
    private static final int DRAWS = 1_000_000;

    @Test
    void gaussian_millionDraws_empiricalStdWithin2PercentOfCalibrated() {
        double stddev = 2.5;
        double[] noised = new GaussianMechanism(RandomSources.seededDrbg(1L)).addNoise(new double[DRAWS], stddev);
        double sum = 0;
        double sumSquares = 0;
        for (double x : noised) {
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / DRAWS;
        double std = Math.sqrt(sumSquares / DRAWS - mean * mean);
        assertEquals(stddev, std, 0.02 * stddev);
        assertEquals(0, mean, 5 * stddev / Math.sqrt(DRAWS), "mean must be 0 within 5 standard errors");
    }

    @Test
    void laplace_millionDraws_meanAbsoluteDeviationWithin2PercentOfScale() {
        double scale = 0.7;
        double[] noised = new LaplaceMechanism(RandomSources.seededDrbg(2L)).addNoise(new double[DRAWS], scale);
        double sum = 0;
        double sumAbs = 0;
        for (double x : noised) {
            assertTrue(Double.isFinite(x));
            sum += x;
            sumAbs += Math.abs(x);
        }
        assertEquals(scale, sumAbs / DRAWS, 0.02 * scale); // E|X| = b for Laplace(0, b)
        assertEquals(0, sum / DRAWS, 5 * Math.sqrt(2) * scale / Math.sqrt(DRAWS));
    }

    @Test
    void addNoise_returnsNewArrayAndLeavesInputUntouched() {
        double[] v = {1, 2, 3};
        double[] g = new GaussianMechanism(RandomSources.seededDrbg(3L)).addNoise(v, 1);
        double[] l = new LaplaceMechanism(RandomSources.seededDrbg(3L)).addNoise(v, 1);
        assertArrayEquals(new double[] {1, 2, 3}, v);
        assertFalse(java.util.Arrays.equals(v, g));
        assertFalse(java.util.Arrays.equals(v, l));
    }

    @Test
    void seededDrbg_sameSeed_sameNoise() {
        double[] a = new GaussianMechanism(RandomSources.seededDrbg(42L)).addNoise(new double[100], 1);
        double[] b = new GaussianMechanism(GaussianMechanism.seededDrbg(42L)).addNoise(new double[100], 1);
        double[] c = new GaussianMechanism(RandomSources.seededDrbg(43L)).addNoise(new double[100], 1);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void secureRandom_isOsSeededSecureRandom() {
        assertInstanceOf(SecureRandom.class, RandomSources.secureRandom());
        assertInstanceOf(SecureRandom.class, LaplaceMechanism.secureRandom());
    }

    @Test
    void laplace_uniformDrawOfZero_isRedrawnNotInfinite() {
        // A generator whose first nextDouble() is exactly 0, then 0.75 (which maps to b ln 2).
        var stub = new java.util.random.RandomGenerator() {
            private int calls;

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return calls++ == 0 ? 0.0 : 0.75;
            }
        };
        double[] out = new LaplaceMechanism(stub).addNoise(new double[1], 2.0);
        assertEquals(2.0 * Math.log(2), out[0], 1e-15);
    }

    @Test
    void addNoise_zeroOrNonFiniteScale_explainsHowToDisableDp() {
        var g = new GaussianMechanism(RandomSources.seededDrbg(4L));
        var e = assertThrows(IllegalArgumentException.class, () -> g.addNoise(new double[1], 0));
        assertTrue(e.getMessage().startsWith("Gaussian noise stddev must be finite and > 0, was 0.0"), e.getMessage());
        assertTrue(e.getMessage().contains("DP_MODE=none"), e.getMessage());
        var l = new LaplaceMechanism(RandomSources.seededDrbg(4L));
        e = assertThrows(IllegalArgumentException.class, () -> l.addNoiseInPlace(new double[1], Double.NaN));
        assertTrue(e.getMessage().startsWith("Laplace noise scale must be finite and > 0, was NaN"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new GaussianMechanism(null));
    }
}
