package dev.pmad.privacy.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.accounting.PldAccountant;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The estimator against TF Privacy's own test vectors ({@code
 * quantile_adaptive_clip_sum_query_test.py}: the clip sequences are worked out by hand in its
 * comments), the convergence criterion, and the accounting identity that makes an
 * adaptive run cost what a fixed-clip run at the same multiplier costs.
 */
class ClipNormEstimatorTest {
    private static final double DELTA = 1e-5;

    @Test
    void targetZero_geometric_halvesWhileNothingIsClipped_asTfPrivacy() {
        // Norms 5 and 2.5, start 16, eta = ln 2, gamma = 0: clips 8, 4, 4/sqrt 2, 2, 2.
        var estimator = new ClipNormEstimator(new AdaptiveClipping(16, 0, Math.log(2), 0, 2, 0.5), new Random(1));
        double[] expected = {8, 4, 4 / Math.sqrt(2), 2, 2};
        for (double clip : expected) {
            assertEquals(clip, round(estimator, 5, 2.5).nextClipNorm(), 1e-12);
        }
    }

    @Test
    void targetOne_geometric_doublesWhileEverythingIsClipped_asTfPrivacy() {
        // Norms 1.5 and 3, start 0.5, eta = ln 2, gamma = 1: clips 1, 2, 2 sqrt 2, 4, 4.
        var estimator = new ClipNormEstimator(new AdaptiveClipping(0.5, 1, Math.log(2), 0, 2, 0.5), new Random(1));
        double[] expected = {1, 2, 2 * Math.sqrt(2), 4, 4};
        for (double clip : expected) {
            assertEquals(clip, round(estimator, 1.5, 3).nextClipNorm(), 1e-12);
        }
    }

    @Test
    void evenlySpacedNorms_settleAtTheirMedian_asTfPrivacy() {
        double[] norms = new double[21];
        for (int i = 0; i < norms.length; i++) norms[i] = i * 0.5; // 0 to 10
        for (double start : new double[] {1, 10}) {
            var estimator = new ClipNormEstimator(new AdaptiveClipping(start, 0.5, 1, 0, 21, 0.5), new Random(1));
            for (int t = 0; t < 50; t++) {
                double clip = round(estimator, norms).nextClipNorm();
                if (t > 40) assertEquals(5, clip, 0.25, "round " + t + " from " + start);
            }
        }
    }

    @Test
    void fromATenthOfTheMedian_comesWithin10PercentOfItIn100NoisedRounds() {
        // Issue 18, acceptance 3: norms with median 1 (log-normal, sigma 0.5), 100 updates a
        // round, the paper's settings (eta 0.2, sigma_b = n / 20 = 5), starting at C = 0.1.
        var data = new Random(7);
        var settings = AdaptiveClipping.recommended(0.1, 0.5, 100, AdaptiveClipping.ADD_OR_REMOVE);
        var estimator = new ClipNormEstimator(settings, new Random(11));
        int firstWithin = -1;
        double[] norms = new double[100];
        for (int t = 1; t <= 100; t++) {
            for (int i = 0; i < norms.length; i++) norms[i] = Math.exp(0.5 * data.nextGaussian());
            double clip = round(estimator, norms).nextClipNorm();
            if (firstWithin < 0 && Math.abs(clip - 1) < 0.1) firstWithin = t;
            if (t > 80) assertEquals(1, clip, 0.1, "round " + t);
        }
        assertTrue(firstWithin > 0 && firstWithin <= 40, "first within 10% at round " + firstWithin);
        assertEquals(1, estimator.clipNorm(), 0.1);
    }

    @Test
    void noisedFraction_isClampedAndCentredAsTfPrivacy() {
        var settings = new AdaptiveClipping(1, 0.5, 0.2, 0, 4, 0.5);
        var estimator = new ClipNormEstimator(settings, new Random(1));
        var r = estimator.endRound(3, 4);
        assertEquals(0.75, r.noisedUnclippedFraction(), 1e-15);
        assertEquals(Math.exp(-0.2 * 0.25), r.nextClipNorm(), 1e-15);
        var noisy = new ClipNormEstimator(new AdaptiveClipping(1, 0.5, 0.2, 1000, 4, 0.5), new Random(1));
        for (int i = 0; i < 20; i++) {
            double b = noisy.endRound(2, 4).noisedUnclippedFraction();
            assertTrue(b >= 0 && b <= 1);
        }
    }

    @Test
    void countNoise_isTheDiscreteGaussianOnTheHalfIntegers_withStddevSigmaB() {
        // n = 1000 expected updates keeps b away from the clamp: (b - 1/2) 2n = 2 unclipped - updates
        // + noise must be an integer, and the noise (2 sigma_b)^2-variance on it, sigma_b^2 on the count.
        double sigmaB = 3;
        var estimator = new ClipNormEstimator(new AdaptiveClipping(1, 0.5, 0, sigmaB, 1000, 1), new Random(5));
        int draws = 20_000;
        double sumSquares = 0;
        for (int i = 0; i < draws; i++) {
            double twice = (estimator.endRound(7, 10).noisedUnclippedFraction() - 0.5) * 2000;
            long integer = Math.round(twice);
            assertEquals(integer, twice, 1e-9, "not on the lattice: " + twice);
            double noise = (integer - (2 * 7 - 10)) / 2.0;
            sumSquares += noise * noise;
        }
        // Variance of N_Z(0, 36) on (1/2) Z: 9 (CKS 2020: below sigma^2 by less than 1e-300 here);
        // standard error of the mean of 20,000 squares about 9 sqrt(2 / 20000) = 0.09.
        assertEquals(sigmaB * sigmaB, sumSquares / draws, 0.4);
    }

    @Test
    void valueNoiseMultiplier_isZDeltaOfAndrewEtAl() {
        // z = 1, sigma_b = 5 at sensitivity 1/2: z_b = 10, z_delta = (1 - 1/100)^-1/2.
        var settings = new AdaptiveClipping(1, 0.5, 0.2, 5, 100, AdaptiveClipping.ADD_OR_REMOVE);
        assertEquals(10, settings.countNoiseMultiplier(), 0);
        assertEquals(1.0050378152592121, settings.valueNoiseMultiplier(1), 1e-15);
        var replace = new AdaptiveClipping(1, 0.5, 0.2, 5, 100, AdaptiveClipping.REPLACE_ONE);
        assertEquals(5, replace.countNoiseMultiplier(), 0);
        assertThrows(IllegalArgumentException.class, () -> replace.valueNoiseMultiplier(5));
    }

    @Test
    void adaptiveRun_isAccountedExactlyAsFixedClippingAtTheRunsMultiplier() {
        double z = 1.3;
        int rounds = 50;
        for (double sensitivity : new double[] {AdaptiveClipping.ADD_OR_REMOVE, AdaptiveClipping.REPLACE_ONE}) {
            var settings = AdaptiveClipping.recommended(0.1, 0.5, 100, sensitivity);
            double zDelta = settings.valueNoiseMultiplier(z);
            var fixedRdp = new RdpAccountant();
            fixedRdp.composeGaussian(z, rounds);
            var adaptiveRdp = new RdpAccountant();
            var fixedPld = new PldAccountant();
            fixedPld.composeGaussian(z, rounds);
            var adaptivePld = new PldAccountant();
            for (int t = 0; t < rounds; t++) { // each round: the sum at z_delta, the count at z_b
                adaptiveRdp.composeGaussian(zDelta, 1);
                adaptiveRdp.composeGaussian(settings.countNoiseMultiplier(), 1);
                adaptivePld.composeGaussian(zDelta, 1);
                adaptivePld.composeGaussian(settings.countNoiseMultiplier(), 1);
            }
            assertEquals(fixedRdp.epsilon(DELTA), adaptiveRdp.epsilon(DELTA), 1e-12 * fixedRdp.epsilon(DELTA));
            assertEquals(fixedPld.epsilon(DELTA), adaptivePld.epsilon(DELTA), 1e-9 * fixedPld.epsilon(DELTA));
            assertTrue(zDelta > z, "the sum gets a little more noise: " + zDelta);
        }
    }

    @Test
    void countShare_splitsTheRoundsBudget() {
        // python3: 2/sqrt(0.9) = 2.1081851067789197, 2/sqrt(0.1) = 6.324555320336758
        var settings = AdaptiveClipping.withCountShare(1, 0.5, 2, 0.1, 5, AdaptiveClipping.REPLACE_ONE);
        assertEquals(6.324555320336758, settings.countNoiseMultiplier(), 1e-12);
        assertEquals(2.1081851067789197, settings.valueNoiseMultiplier(2), 1e-12);
        assertEquals(0.2, settings.learningRate(), 0);
        assertThrows(IllegalArgumentException.class, () -> AdaptiveClipping.withCountShare(1, 0.5, 2, 1, 5, 1));
    }

    @Test
    void endRound_overAGivenDenominator_andResumedAtAGivenClip() {
        // Exact count: 2 of 3 unclipped over 2.5 expected: b = (2 - 1.5) / 2.5 + 1/2 = 0.7;
        // python3: 2.0 * exp(-0.2 * (0.7 - 0.5)) = 1.9215788783046464
        var settings = new AdaptiveClipping(1, 0.5, 0.2, 0, 100, 1);
        var estimator = ClipNormEstimator.resumed(settings, 2, new Random(1));
        assertEquals(2, estimator.clipNorm(), 0);
        var r = estimator.endRound(2, 3, 2.5);
        assertEquals(0.7, r.noisedUnclippedFraction(), 1e-15);
        assertEquals(1.9215788783046464, estimator.clipNorm(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ClipNormEstimator.resumed(settings, 0, new Random(1)));
    }

    @Test
    void settings_refuseWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(0, 0.5, 0.2, 5, 100, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 1.5, 0.2, 5, 100, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 0.5, -1, 5, 100, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 0.5, 0.2, -5, 100, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 0.5, 0.2, 5, 0, 0.5));
        var estimator = new ClipNormEstimator(new AdaptiveClipping(1, 0.5, 0.2, 5, 100, 0.5), new Random(1));
        assertThrows(IllegalArgumentException.class, () -> estimator.endRound(5, 4));
    }

    /** One round over the given update norms: count the unclipped ones at the current clip, then end the round. */
    private static ClipNormEstimator.Round round(ClipNormEstimator estimator, double... norms) {
        int unclipped = 0;
        for (double n : norms) if (estimator.unclipped(n)) unclipped++;
        return estimator.endRound(unclipped, norms.length);
    }
}
