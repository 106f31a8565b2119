package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistributedNoiseTest {
    @Test
    void perAgentVariance_isTheCentralVarianceInRingUnitsOverTheThreshold() {
        assertEquals(4.0 * 100 * 100 / 3, DistributedNoise.perAgentVariance(2.0, 100, 3), 1e-9);
        assertEquals(1.0 + 10 * 0.5 / 2, DistributedNoise.boundWithNoise(1.0, 0.5, 4, 10), 1e-12);
    }

    @Test
    void addTo_addsOneDrawPerEntry_modTwoToTheBits() {
        long[] draws = {5, -3, 1};
        int[] next = {0};
        IntSampler fixed = () -> draws[next[0]++];
        assertArrayEquals(new long[] {4, 253, 0},
                DistributedNoise.addTo(new long[] {255, 0, 255}, fixed, 8));
    }

    /**
     * Five agents each add noise of variance v through a secure round: the decoded sum's error
     * has variance 5 v (ring units), so any 3 (the threshold) would already carry 3 v. The
     * sampler here is a rounded Gaussian standing in for the exact discrete Gaussian of
     * dev.pmad.privacy.mechanism; only its variance matters to this test.
     */
    @Test
    void noiseOfEveryContributor_isInTheSecureSum() {
        int length = 20_000;
        SecAggParams p = new SecAggParams("run-noise", 1, List.of("a", "b", "c", "d", "e"), 3, 32,
                Graph.COMPLETE, length);
        double sigmaRing = 40;
        double v = DistributedNoise.perAgentVariance(sigmaRing, 1.0, p.threshold());
        SplittableRandom rng = new SplittableRandom(5);
        IntSampler roundedGaussian = () -> Math.round(rng.nextGaussian() * Math.sqrt(v));
        Federation f = new Federation(p, 51);
        long[] clean = f.plainSum(p.agents());
        f.inputs.replaceAll((a, x) -> DistributedNoise.addTo(x, roundedGaussian, p.bits()));
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        f.maskedInputs(Set.of());
        f.unmask(Set.of());
        long[] noisy = f.server.sum();

        double sumSq = 0;
        for (int i = 0; i < length; i++) {
            long d = (int) (noisy[i] - clean[i]); // signed difference in the 32-bit ring
            sumSq += (double) d * d;
        }
        double expected = 5 * (v + 1.0 / 12); // rounding adds ~1/12 per draw
        // The estimate's relative standard deviation is sqrt(2 / 20000) = 1%; allow 5%.
        assertEquals(expected, sumSq / length, 0.05 * expected);
    }
}
