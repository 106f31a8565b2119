package dev.pmad.privacy.adaptive;

import dev.pmad.privacy.mechanism.DiscreteGaussian;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The clip norm of one run, adapted round by round towards a quantile of the update norms, as
 * TF Privacy's {@code QuantileEstimatorQuery} with geometric updating (Andrew et al. 2021,
 * Algorithm 1). Use: clip this round's updates to {@link #clipNorm()}, noting for each whether
 * it was {@link #unclipped}; noise the sum with z_delta x this clip ({@link
 * AdaptiveClipping#valueNoiseMultiplier}); then {@link #endRound} with the count of unclipped
 * updates, which releases the noised fraction and moves the clip for the next round.
 *
 * <p><b>Exact noise.</b> The count is released with the exact discrete Gaussian (Canonne, Kamath
 * and Steinke 2020), not floating-point Gaussian noise (Mironov 2012): the centred count
 * sum(bit - 1/2) lies on the lattice (1/2) Z, so the integer 2 sum(bit - 1/2) = 2 unclipped -
 * updates gets N_Z(0, (2 sigma_b)^2) and is halved. One participant moves that integer by at most
 * 2 x the count sensitivity (2 under replace-one, 1 under add/remove), so the noise multiplier is
 * 2 sigma_b / (2 x sensitivity) = z_b, the same as before, with the discrete Gaussian's curve
 * alpha / (2 z_b^2) (CKS 2020 Theorem 14): accounting unchanged. Under client sampling the sum
 * and the count are one multivariate discrete Gaussian on the same secret sample, covered by the
 * sampled discrete Gaussian's bound ({@link dev.pmad.privacy.accounting.Mechanism#sampledDiscreteGaussian}).
 *
 * <p>Mutable, not thread-safe: owned by whoever aggregates. The clip norm it publishes is a
 * function of noised counts only, so releasing it costs nothing beyond the count's charge.
 */
public final class ClipNormEstimator {
    private final AdaptiveClipping settings;
    private final RandomGenerator random;
    private double clip;

    /** @param random the count's noise; {@link dev.pmad.privacy.mechanism.RandomSources#secureRandom()} outside tests */
    public ClipNormEstimator(AdaptiveClipping settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.clip = settings.initialClip();
    }

    /**
     * The estimator of a run resumed after a restart, at the clip norm its last completed round
     * set: the clip is a function of released (noised) counts only, so it may be kept and reused.
     */
    public static ClipNormEstimator resumed(AdaptiveClipping settings, double clipNorm, RandomGenerator random) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a finite number > 0, was " + clipNorm);
        }
        var estimator = new ClipNormEstimator(settings, random);
        estimator.clip = clipNorm;
        return estimator;
    }

    /** The clip norm of the current round. */
    public double clipNorm() {
        return clip;
    }

    /** The bit of one update: true when it is not clipped at this round's norm (ties count as unclipped, as in TF Privacy). */
    public boolean unclipped(double updateNorm) {
        return updateNorm <= clip;
    }

    /** What a round released about the clip. */
    public record Round(double clipNorm, double noisedUnclippedFraction, double nextClipNorm) {}

    /**
     * Ends the round: releases b = clamp((2 unclipped - updates + N_Z(0, (2 sigma_b)^2)) / (2n) + 1/2, 0, 1)
     * (the centred count with exact discrete noise, see the class note) and sets C &lt;- C
     * exp(-eta (b - gamma)) for the next round.
     *
     * @param unclipped how many of this round's updates had norm &lt;= {@link #clipNorm()}
     * @param updates   how many updates the round summed
     */
    public Round endRound(int unclipped, int updates) {
        return endRound(unclipped, updates, settings.expectedUpdates());
    }

    /**
     * As {@link #endRound(int, int)}, over this round's denominator instead of the settings' one:
     * for a server whose expected number of updates changes from round to round (agents drawn
     * with a fixed probability from a roster that changes). The denominator must not depend on
     * the data (TF Privacy's {@code expected_num_records}: a public, expected count).
     */
    public Round endRound(int unclipped, int updates, double expectedUpdates) {
        if (!(expectedUpdates > 0) || Double.isInfinite(expectedUpdates)) {
            throw new IllegalArgumentException("expectedUpdates must be a finite number > 0, was " + expectedUpdates);
        }
        if (updates < 0 || unclipped < 0 || unclipped > updates) {
            throw new IllegalArgumentException("need 0 <= unclipped <= updates, were " + unclipped + " and " + updates);
        }
        // 2 sum(bit - 1/2), an integer: one participant moves it by 1 (add/remove) or 2 (replace).
        long twiceCentred = 2L * unclipped - updates;
        if (settings.countStddev() > 0) {
            twiceCentred = Math.addExact(twiceCentred, DiscreteGaussian.ofStddev(2 * settings.countStddev(), random).sample());
        }
        double centred = twiceCentred / 2.0; // exact: halving a long below 2^53
        double fraction = Math.min(1, Math.max(0, centred / expectedUpdates + 0.5));
        double before = clip;
        clip = nextClip(before, fraction, settings);
        return new Round(before, fraction, clip);
    }

    /** The geometric update C exp(-eta (b - gamma)); a pure function, for tests and replays. */
    public static double nextClip(double clip, double unclippedFraction, AdaptiveClipping settings) {
        return clip * Math.exp(-settings.learningRate() * (unclippedFraction - settings.targetQuantile()));
    }
}
