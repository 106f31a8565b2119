package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.mechanism.DiscreteGaussian;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The distributed discrete Gaussian (KLS 2021): lattice, per-agent noise, accounting and ring.
 *
 * <p>Independent values, python3 with mpmath 1.3 (mp.dps = 30), floats as Java's doubles:
 * <pre>
 * sig = math.nextafter(z*2*C, math.inf); agent = sig/math.sqrt(t)
 * k = min(max(10 - exponent(agent), 10 - exponent(C/(math.sqrt(d)/2))), 40 - exponent(C) - 1)
 *     # exponent(x) = math.frexp(x)[1] - 1, Java's Math.getExponent
 * sigL = math.ldexp(sig, k); D = math.ldexp(2*C, k); s = mpf(sigL)/sqrt(t)
 * tau = 10*sum(exp(-2*pi**2*s**2*j/(j+1)) for j in range(1, t))
 * rho = min(D**2/(2*t*s**2) + tau*d, (D/(sqrt(t)*s) + tau*sqrt(d))**2/2); zeff = 1/sqrt(2*rho)
 * bits = log2(m*(ldexp(C, k) + 1) + 12*sigL*sqrt(m/t))
 * </pre>
 * C = 1, z = 1.1, t = 3, m = 5, d = 62: k = 12, sigL = 9011.200000000003, D = 8192, tau = 5.2e-116018717,
 * zeff = 1.10000000000000031086244689504, bits = 17.288486809784338. With tau not negligible, the raw
 * formula for D = 2, d = 100, n = 3: s = 0.6 gives rho = 16.0422958651370441528136535221, zeff =
 * 0.176543503673004060134628052835; s = 3 gives zeff = 2.59807621135331594029116951226 (= 3 sqrt(3) / 2, tau ~ 0).
 */
class DistributedDpTest {
    private static final DistributedDp BREAST_CANCER = DistributedDp.of(1, 1.1, 3, 5, 62, 48);

    @Test
    void latticeAndEffectiveMultiplier_matchAnIndependentComputation() {
        assertEquals(12, BREAST_CANCER.latticeExponent());
        assertEquals(9011.200000000003, BREAST_CANCER.centralSigmaOnLattice(), 0);
        assertEquals(8192, BREAST_CANCER.sensitivityOnLattice(), 0);
        assertEquals(1.10000000000000031086244689504, BREAST_CANCER.effectiveNoiseMultiplier(), 1e-11);
        // Never above the sum's true multiplier, never below the run's z by more than rounding.
        assertTrue(BREAST_CANCER.effectiveNoiseMultiplier() < 1.10000000000000031086244689504);
        assertTrue(BREAST_CANCER.effectiveNoiseMultiplier() >= 1.1 * (1 - 1e-11));
        assertEquals(0.176543503673004060134628052835, DistributedDp.effectiveNoiseMultiplier(2, 0.6, 100, 3), 1e-12);
        assertEquals(2.59807621135331594029116951226, DistributedDp.effectiveNoiseMultiplier(2, 3, 100, 3), 1e-11);
    }

    @Test
    void theSumOfThresholdManyAgentsNoise_hasTheCentralVariance() {
        DistributedDp dp = DistributedDp.of(1, 0.5, 3, 5, 62, 48);
        double sigma = dp.centralSigmaOnLattice();
        DiscreteGaussian agent = dp.agentNoise(new SplittableRandom(17));
        assertEquals(sigma * sigma / 3, agent.variance(), sigma * sigma * 1e-12);
        int n = 20_000;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            long total = agent.sample() + agent.sample() + agent.sample();
            sumSquares += (double) total * total;
        }
        // The sample variance's relative standard error is sqrt(2 / n) = 1%: 4% is four of them.
        double ratio = sumSquares / n / (sigma * sigma);
        assertEquals(1.0, ratio, 0.04, "empirical variance of the sum of t = 3 agents' noise over sigma^2");
    }

    @Test
    void fiveAgentsInputs_sumInTheRing_andDecodeToTheClippedSumPlusNoise() {
        DistributedDp dp = BREAST_CANCER;
        var random = new SplittableRandom(3);
        double[] exact = new double[62];
        long[] ring = new long[63];
        long mask = (1L << 48) - 1;
        for (int a = 0; a < 5; a++) {
            double[] delta = new double[62];
            for (int i = 0; i < delta.length; i++) delta[i] = random.nextDouble(-1, 1);
            double[] clipped = Clipping.toL2Norm(delta, 1);
            for (int i = 0; i < delta.length; i++) exact[i] += clipped[i];
            long[] input = dp.encode(delta, random);
            for (int i = 0; i < ring.length; i++) ring[i] = (ring[i] + input[i]) & mask;
        }
        double[] sum = dp.decodeSum(ring, 5);
        // Noise stddev sigma sqrt(5/3) in input units: 2.2 * 1.29 = 2.84; 6 of them bounds every coordinate.
        for (int i = 0; i < sum.length; i++) assertEquals(exact[i], sum[i], 6 * 2.2 * Math.sqrt(5 / 3.0), "coordinate " + i);
        assertThrows(IllegalArgumentException.class, () -> dp.decodeSum(ring, 4));
    }

    @Test
    void withoutNoise_theLatticeSumIsExact() {
        // z tiny: the noise is far below one lattice step, so decode(sum) is the sum of the lattice points.
        DistributedDp dp = DistributedDp.of(1, 1e-9, 2, 2, 3, 64); // 2^39 steps per clip: each agent's noise about 800 steps
        double[] a = {0.5, -0.25, 0.125};
        double[] b = {-0.5, 0.5, 0.0625};
        long[] x = dp.encode(a, new SplittableRandom(1));
        long[] y = dp.encode(b, new SplittableRandom(2));
        long[] sum = {x[0] + y[0], x[1] + y[1], x[2] + y[2], x[3] + y[3]};
        assertArrayEquals(new double[] {0, 0.25, 0.1875}, dp.decodeSum(sum, 2), 1e-6);
    }

    @Test
    void aRingTooSmallForTheNoisedSum_isRefusedNamingTheSetting() {
        // Needs 17.29 bits plus a sign (independent value above): 18 bits are too few, 19 enough.
        var e = assertThrows(IllegalArgumentException.class, () -> DistributedDp.of(1, 1.1, 3, 5, 62, 18));
        assertTrue(e.getMessage().contains("SECURE_AGGREGATION_BITS=18") && e.getMessage().contains("at least 19"),
                e.getMessage());
        assertEquals(19, DistributedDp.of(1, 1.1, 3, 5, 62, 19).bits());
    }

    @Test
    void noiseBelowHalfALatticeStepPerAgent_isRefused_asNoBoundCoversIt() {
        // The lattice stops at 2^39 steps per clip: z = 1e-13 gives each of 3 agents about 0.06 steps.
        var e = assertThrows(IllegalArgumentException.class, () -> DistributedDp.of(1, 1e-13, 3, 5, 62, 64));
        assertTrue(e.getMessage().contains("lower DP_EPSILON"), e.getMessage());
    }
}
