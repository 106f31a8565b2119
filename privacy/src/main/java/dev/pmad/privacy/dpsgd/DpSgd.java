package dev.pmad.privacy.dpsgd;

import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import java.util.List;
import java.util.Objects;

/**
 * The private part of one DP-SGD step (Abadi et al. 2016, Algorithm 1): the sum of per-example
 * gradients, each clipped to L2 norm {@code clipNorm}, plus N(0, (noiseMultiplier x
 * clipNorm)^2) per coordinate. Clipping bounds what one example can change in the sum to
 * {@code clipNorm}, which is what the noise is calibrated to.
 *
 * <p>Divide the result by the <em>expected</em> batch size (sampling rate x dataset size), not
 * the realised one: under Poisson sampling the realised size depends on whether a record took
 * part, so dividing by it would leak that. The same step serves DP-FedAvg with agents' updates
 * in place of examples.
 *
 * <p>Not for gradients of a whole batch: clipping an averaged gradient bounds nothing per
 * example. Not for {@code noiseMultiplier = 0}: to train without DP use {@code DP_MODE=none}.
 */
public final class DpSgd {
    private DpSgd() {}

    /**
     * Clipped sum plus Gaussian noise, as a new array.
     *
     * @param perExampleGradients one gradient per example in the batch, all of one length; not
     *     empty (use the overload with a dimension, since Poisson sampling can draw empty batches)
     */
    public static double[] noisyGradientSum(List<double[]> perExampleGradients, double clipNorm,
            double noiseMultiplier, GaussianMechanism noise) {
        Objects.requireNonNull(perExampleGradients, "perExampleGradients");
        if (perExampleGradients.isEmpty()) {
            throw new IllegalArgumentException("perExampleGradients is empty, so the dimension is"
                    + " unknown: Poisson sampling can draw empty batches, call"
                    + " noisyGradientSum(gradients, dimension, clipNorm, noiseMultiplier, noise)");
        }
        return noisyGradientSum(perExampleGradients, perExampleGradients.get(0).length, clipNorm,
                noiseMultiplier, noise);
    }

    /**
     * Clipped sum plus Gaussian noise, as a new array of length {@code dimension}; an empty
     * batch gives pure noise, which must still be released (skipping it would leak that the
     * batch was empty).
     */
    public static double[] noisyGradientSum(List<double[]> perExampleGradients, int dimension, double clipNorm,
            double noiseMultiplier, GaussianMechanism noise) {
        Objects.requireNonNull(perExampleGradients, "perExampleGradients");
        Objects.requireNonNull(noise, "noise");
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, was " + dimension);
        }
        requireClipNorm(clipNorm);
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and > 0, was " + noiseMultiplier
                    + ": calibrate it with NoiseCalibration.gaussianNoiseMultiplier; to train"
                    + " without DP set DP_MODE=none");
        }
        double[] sum = new double[dimension];
        for (double[] gradient : perExampleGradients) {
            addClippedInPlace(sum, gradient, clipNorm);
        }
        noise.addNoiseInPlace(sum, noiseMultiplier * clipNorm);
        return sum;
    }

    /**
     * Adds {@code gradient}, scaled to L2 norm at most {@code clipNorm}, to {@code sum} without
     * allocating. The scaled gradient's norm is guaranteed not to exceed {@code clipNorm}
     * (see {@link Clipping#l2ScaleFactor}).
     */
    public static void addClippedInPlace(double[] sum, double[] gradient, double clipNorm) {
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(gradient, "gradient");
        if (gradient.length != sum.length) {
            throw new IllegalArgumentException("gradient has " + gradient.length + " coordinates but the sum has "
                    + sum.length + ": all per-example gradients must come from the same model");
        }
        requireClipNorm(clipNorm);
        double f = Clipping.l2ScaleFactor(gradient, clipNorm);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += gradient[i] * f;
        }
    }

    private static void requireClipNorm(double clipNorm) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be finite and > 0, was " + clipNorm
                    + ": set DP_CLIP_NORM to a positive number such as 1.0");
        }
    }
}
