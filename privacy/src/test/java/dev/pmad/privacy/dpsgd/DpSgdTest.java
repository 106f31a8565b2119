package dev.pmad.privacy.dpsgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.mechanism.RandomSources;
import java.util.List;
import org.junit.jupiter.api.Test;

class DpSgdTest {
    private final List<double[]> gradients = List.of(new double[] {3, 4}, new double[] {0.1, 0}, new double[] {-30, 0});

    @Test
    void noisyGradientSum_isClippedSumPlusNoiseOfStddevMultiplierTimesClip() {
        double clip = 1.0;
        double z = 1.3;
        double[] actual = DpSgd.noisyGradientSum(gradients, clip, z, new GaussianMechanism(RandomSources.seededDrbg(9)));

        double[] clippedSum = new double[2];
        for (double[] g : gradients) {
            double[] c = Clipping.toL2Norm(g, clip);
            clippedSum[0] += c[0];
            clippedSum[1] += c[1];
        }
        double[] expected = new GaussianMechanism(RandomSources.seededDrbg(9)).addNoise(clippedSum, z * clip);
        assertArrayEquals(expected, actual);
        assertArrayEquals(new double[] {-0.3, 0.8}, clippedSum, 1e-15);
    }

    @Test
    void addClippedInPlace_contributionNeverExceedsClipNorm() {
        var random = RandomSources.seededDrbg(11);
        for (int trial = 0; trial < 2000; trial++) {
            double[] g = new double[1 + random.nextInt(100)];
            for (int i = 0; i < g.length; i++) {
                g[i] = 100 * random.nextGaussian();
            }
            double[] sum = new double[g.length];
            DpSgd.addClippedInPlace(sum, g, 0.7);
            assertTrue(Clipping.l2Norm(sum) <= 0.7);
        }
    }

    @Test
    void noisyGradientSum_emptyBatchWithDimension_isPureNoise() {
        double[] out = DpSgd.noisyGradientSum(List.of(), 3, 1.0, 2.0, new GaussianMechanism(RandomSources.seededDrbg(5)));
        assertEquals(3, out.length);
        assertArrayEquals(new GaussianMechanism(RandomSources.seededDrbg(5)).addNoise(new double[3], 2.0), out);
    }

    @Test
    void noisyGradientSum_invalidArguments_sayHowToFix() {
        var noise = new GaussianMechanism(RandomSources.seededDrbg(1));
        var e = assertThrows(IllegalArgumentException.class, () -> DpSgd.noisyGradientSum(List.of(), 1, 1, noise));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DpSgd.noisyGradientSum(gradients, 0, 1, noise));
        assertTrue(e.getMessage().startsWith("clipNorm must be finite and > 0, was 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DpSgd.noisyGradientSum(gradients, 1, 0, noise));
        assertTrue(e.getMessage().startsWith("noiseMultiplier must be finite and > 0, was 0.0"), e.getMessage());
        assertTrue(e.getMessage().contains("DP_MODE=none"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DpSgd.addClippedInPlace(new double[2], new double[3], 1));
        assertTrue(e.getMessage().startsWith("gradient has 3 coordinates but the sum has 2"), e.getMessage());
    }
}
