package dev.pmad.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class LatticeReleaseTest {

    @Test
    void granularity_isAPowerOfTwo_atMostAThousandthOfTheNoise_andOfTheClipAfterRounding() {
        for (int d : new int[] {1, 10, 1000, 100_000}) {
            for (double noise : new double[] {0.01, 1, 37.5}) {
                int m = LatticeRelease.clippedExponent(1.0, noise, d, false);
                double gamma = Math.scalb(1.0, -m);
                assertTrue(gamma <= noise / 1024, "gamma " + gamma + " noise " + noise);
                assertTrue(Math.sqrt(d) * gamma / 2 <= 1.0 / 1024, "rounding slack, d " + d);
                assertTrue(gamma * 2 > Math.min(noise / 1024, 1.0 / 1024 / (Math.sqrt(d) / 2)), "the largest such step");
            }
        }
    }

    @Test
    void quantizedVectors_neverExceedTheClipNorm_checkedExactly() {
        RandomGenerator random = RandomSources.seededDrbg(31);
        for (int trial = 0; trial < 2000; trial++) {
            int d = 1 + random.nextInt(50);
            double[] v = new double[d];
            for (int i = 0; i < d; i++) v[i] = random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2);
            double clip = 0.5 + random.nextDouble();
            int m = random.nextInt(3, 30);
            if (Math.sqrt(d) * Math.scalb(1.0, -m) / 2 >= clip) continue;
            long[] k = LatticeRelease.quantizeL2(v, clip, m);
            BigInteger sq = BigInteger.ZERO;
            for (long x : k) sq = sq.add(BigInteger.valueOf(x).pow(2));
            var bound = new java.math.BigDecimal(Math.scalb(clip, m));
            assertTrue(new java.math.BigDecimal(sq).compareTo(bound.multiply(bound)) <= 0);
            long[] l1 = LatticeRelease.quantizeL1(v, clip, m + 6);
            long abs = 0;
            for (long x : l1) abs += Math.abs(x);
            if (d * Math.scalb(1.0, -(m + 6)) / 2 < clip) assertTrue(abs <= Math.scalb(clip, m + 6));
        }
    }

    @Test
    void quantizing_movesAnUnclippedVectorByAtMostHalfAStepPerEntry() {
        double[] v = {0.1, -0.2, 0.3};
        int m = 20;
        double[] back = LatticeRelease.dequantize(LatticeRelease.quantizeL2(v, 10, m), m);
        for (int i = 0; i < v.length; i++) assertEquals(v[i], back[i], Math.scalb(1.0, -m) / 2);
    }

    @Test
    void gaussianL2_isOnTheLattice_unbiased_withTheCalibratedSpread() {
        int n = 20_000;
        double stddev = 0.8;
        double[] v = {0.3, -0.4};
        RandomGenerator random = RandomSources.seededDrbg(32);
        int m = LatticeRelease.clippedExponent(1.0, stddev, 2, false);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double[] out = LatticeRelease.gaussianL2(v, 1.0, stddev, random);
            double k = Math.scalb(out[0], m);
            assertEquals(Math.rint(k), k, 0, "a lattice point");
            sum += out[0] - 0.3;
            sumSq += (out[0] - 0.3) * (out[0] - 0.3);
        }
        assertEquals(0, sum / n, 5 * stddev / Math.sqrt(n) + Math.scalb(1.0, -m));
        assertEquals(stddev, Math.sqrt(sumSq / n), 5 * stddev / Math.sqrt(2 * n));
    }

    @Test
    void gaussianSum_paysForRoundingWithAtMostATenthOfAPercentMoreNoise() {
        int n = 20_000;
        double z = 2;
        double sensitivity = Math.sqrt(2);
        double[] s = new double[100];
        s[0] = 12.345678;
        RandomGenerator random = RandomSources.seededDrbg(33);
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double e = LatticeRelease.gaussianSum(s, sensitivity, z, random)[0] - s[0];
            sumSq += e * e;
        }
        double sigma = z * sensitivity;
        double measured = Math.sqrt(sumSq / n);
        assertEquals(sigma * (1 + 1.0 / 2048), measured, 5 * sigma / Math.sqrt(2 * n) + sigma / 1024);
    }

    @Test
    void laplaceL1_keepsTheL1BoundAndTheScale() {
        int n = 20_000;
        double scale = 1.5;
        RandomGenerator random = RandomSources.seededDrbg(34);
        double sumAbs = 0;
        for (int i = 0; i < n; i++) sumAbs += Math.abs(LatticeRelease.laplaceL1(new double[] {0, 0, 0}, 1.0, scale, random)[1]);
        assertEquals(scale, sumAbs / n, 5 * scale / Math.sqrt(n)); // E|Laplace(b)| = b
    }
}
