package dev.pmad.privacy.mechanism;

import java.util.Objects;

/**
 * Scales vectors down to a norm bound, which is what gives a release its sensitivity: after
 * clipping to {@code c}, adding or removing one contribution moves a sum by at most {@code c}.
 *
 * <p>The bound is a hard guarantee, not an approximation: the returned vector's norm, as
 * measured by {@link #l2Norm} / {@link #l1Norm}, never exceeds the bound. Scaling by
 * {@code bound / norm} alone can overshoot by a rounding error, so the scale factor is checked
 * against the very products that get stored and shrunk until it holds. Norms are computed with
 * rescaling, so vectors with huge or tiny entries neither overflow nor underflow to zero.
 *
 * <p>Use the L2 variants before Gaussian noise and the L1 variants before Laplace noise; the
 * noise must be calibrated to the same norm that was clipped. Not for vectors with NaN or
 * infinite entries: those are rejected, since no scaling bounds them (they usually mean local
 * training diverged).
 */
public final class Clipping {
    /** Below this sum of squares, squaring may have lost entries to underflow: rescale. */
    private static final double UNDERFLOW_RISK = 0x1p-900;

    private Clipping() {}

    /** Euclidean norm; NaN if an entry is NaN, infinite if an entry is infinite. */
    public static double l2Norm(double[] v) {
        return l2Norm(v, 1.0);
    }

    /** Sum of absolute values; NaN if an entry is NaN, infinite if an entry is infinite. */
    public static double l1Norm(double[] v) {
        return l1Norm(v, 1.0);
    }

    /** A new array: {@code v} scaled by {@link #l2ScaleFactor}, so its L2 norm is at most {@code bound}. */
    public static double[] toL2Norm(double[] v, double bound) {
        return scaled(v, l2ScaleFactor(v, bound));
    }

    /** A new array: {@code v} scaled by {@link #l1ScaleFactor}, so its L1 norm is at most {@code bound}. */
    public static double[] toL1Norm(double[] v, double bound) {
        return scaled(v, l1ScaleFactor(v, bound));
    }

    /** Scales {@code v} itself so its L2 norm is at most {@code bound}. */
    public static void toL2NormInPlace(double[] v, double bound) {
        scaleInPlace(v, l2ScaleFactor(v, bound));
    }

    /** Scales {@code v} itself so its L1 norm is at most {@code bound}. */
    public static void toL1NormInPlace(double[] v, double bound) {
        scaleInPlace(v, l1ScaleFactor(v, bound));
    }

    /**
     * The factor {@code f} in (0, 1], roughly {@code min(1, bound / ||v||_2)}, such that the
     * vector of products {@code v[i] * f} has L2 norm at most {@code bound}. Lets a caller
     * accumulate a clipped vector without allocating it.
     *
     * @throws IllegalArgumentException if {@code bound} is not finite and positive, or if
     *     {@code v} has a non-finite entry
     */
    public static double l2ScaleFactor(double[] v, double bound) {
        return scaleFactor(v, bound, Clipping::l2Norm);
    }

    /** As {@link #l2ScaleFactor}, for the L1 norm. */
    public static double l1ScaleFactor(double[] v, double bound) {
        return scaleFactor(v, bound, Clipping::l1Norm);
    }

    /** A norm of the products {@code v[i] * f}. */
    private interface ScaledNorm {
        double of(double[] v, double f);
    }

    private static double scaleFactor(double[] v, double bound, ScaledNorm norm) {
        requireBound(bound);
        double full = norm.of(v, 1.0);
        if (full <= bound) {
            return 1.0;
        }
        double f;
        if (Double.isFinite(full)) {
            f = bound / full;
        } else {
            // NaN or infinite: maxAbs rejects non-finite entries; otherwise the norm only
            // exceeds Double.MAX_VALUE, so measure it on a pre-scaled copy.
            double pre = 1.0 / maxAbs(v);
            f = pre * (bound / norm.of(v, pre));
        }
        // Shrink by a growing tiny factor until the stored products really fit. Reaches f = 0
        // after at most 53 rounds, so it terminates even in pathological cases.
        for (double shrink = 0x1p-52; norm.of(v, f) > bound; shrink *= 2) {
            f *= shrink < 1 ? 1 - shrink : 0;
        }
        return f;
    }

    /** L2 norm of the products {@code v[i] * f}, exactly as {@link #scaled} would store them. */
    private static double l2Norm(double[] v, double f) {
        Objects.requireNonNull(v, "v");
        double sum = 0;
        for (double x : v) {
            double y = x * f;
            sum += y * y;
        }
        if (Double.isNaN(sum)) {
            return Double.NaN;
        }
        if (sum >= UNDERFLOW_RISK && sum < Double.POSITIVE_INFINITY) {
            return Math.sqrt(sum); // the common case: one pass, no rescaling
        }
        return rescaledL2(v, f); // overflowed, or squares may have underflowed
    }

    /** Norm via the squares of {@code v[i] * f / max}: these neither overflow nor all underflow. */
    private static double rescaledL2(double[] v, double f) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x * f));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max; // all zero, or an infinite product: the norm is that too
        }
        double sum = 0;
        for (double x : v) {
            double y = (x * f) / max;
            sum += y * y;
        }
        return max * Math.sqrt(sum);
    }

    private static double l1Norm(double[] v, double f) {
        Objects.requireNonNull(v, "v");
        double sum = 0;
        for (double x : v) {
            sum += Math.abs(x * f);
        }
        if (sum != Double.POSITIVE_INFINITY) {
            return sum;
        }
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x * f));
        }
        if (!Double.isFinite(max)) {
            return max;
        }
        double scaledSum = 0;
        for (double x : v) {
            scaledSum += Math.abs(x * f) / max;
        }
        return max * scaledSum;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("v[" + i + "] is " + v[i]
                        + ": cannot clip a vector with non-finite entries; local training"
                        + " probably diverged (lower the learning rate)");
            }
            max = Math.max(max, Math.abs(v[i]));
        }
        return max;
    }

    private static double[] scaled(double[] v, double f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }

    private static void scaleInPlace(double[] v, double f) {
        if (f != 1.0) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= f;
            }
        }
    }

    private static void requireBound(double bound) {
        Checks.requirePositiveFinite(bound, "clipping bound", "set DP_CLIP_NORM to a positive number such as 1.0");
    }
}
