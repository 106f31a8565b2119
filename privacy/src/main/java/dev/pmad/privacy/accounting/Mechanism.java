package dev.pmad.privacy.accounting;

import dev.pmad.privacy.NoiseKind;
import java.util.Objects;

/**
 * {@code count} releases of one noise mechanism with sensitivity 1: Gaussian noise of stddev
 * {@code noiseMultiplier} on a Poisson subsample at rate {@code samplingRate} (1: no sampling),
 * or Laplace noise of scale {@code noiseMultiplier} (relative to the L1 sensitivity; sampling rate
 * 1), hiding the {@link Neighbours} given. What an accountant needs to recompose a run later, e.g.
 * from a ledger, with any accountant.
 *
 * <p>At sampling rate 1 the two neighbour relations are the same mechanism (see {@link
 * Neighbours}), so such a mechanism is always stored as {@link Neighbours#ADD_OR_REMOVE}: two
 * charges of the same release then merge whatever relation they were charged under.
 *
 * <p>{@code discrete}: the noise is the exact discrete Gaussian or discrete Laplace on an integer
 * lattice ({@link dev.pmad.privacy.mechanism.DiscreteGaussian}, {@link
 * dev.pmad.privacy.mechanism.DiscreteLaplace}), the noise multiplier being sigma (or b) over the
 * sensitivity in lattice units; sampled only for the discrete Gaussian under replace-one ({@link
 * #sampledDiscreteGaussian}). Accounted as follows (what each accountant does with it):
 * <ul>
 *   <li>discrete Gaussian: RDP charges the Gaussian's curve alpha / (2 z^2), which CKS 2020
 *       Theorem 14 proves for the discrete Gaussian at any dimension ({@link DiscreteGaussianBound});
 *       PLD gives no bound (+infinity), so the tightest accountant answers with RDP;</li>
 *   <li>discrete Gaussian on a Poisson subsample, replace-one: RDP charges Wang, Balle and
 *       Kasiviswanathan 2019's Theorem 9 over that curve, or its expansion with the pairwise
 *       terms computed exactly, whichever is smaller ({@link SampledDiscreteGaussianRdp}); PLD
 *       gives no bound (+infinity);</li>
 *   <li>discrete Laplace: pure (1/b)-DP; RDP charges the randomized-response curve of pure DP
 *       ({@link PureDpRdp}), not the continuous Laplace's; PLD gives no bound (+infinity).</li>
 * </ul>
 */
public record Mechanism(NoiseKind noise, double samplingRate, double noiseMultiplier, long count,
                        Neighbours neighbours, boolean discrete) {
    public Mechanism {
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(neighbours, "neighbours");
        Checks.requireSamplingRate(samplingRate, true);
        Checks.requireNoiseMultiplier(noiseMultiplier);
        if (noise == NoiseKind.LAPLACE && samplingRate != 1) {
            throw new IllegalArgumentException("Laplace releases are accounted without sampling, samplingRate was "
                    + samplingRate);
        }
        if (noise == NoiseKind.LAPLACE) Checks.requireLaplaceScale(noiseMultiplier);
        if (count < 0) throw new IllegalArgumentException("count must be >= 0, was " + count);
        if (discrete && samplingRate != 1 && (noise != NoiseKind.GAUSSIAN || neighbours != Neighbours.REPLACE_ONE)) {
            throw new IllegalArgumentException("discrete noise on a subsample is accounted only for the discrete Gaussian"
                    + " under replace-one neighbours (central mode with client sampling), was " + noise.wireName()
                    + " under " + neighbours.wireName() + " at samplingRate " + samplingRate);
        }
        if (samplingRate == 1) neighbours = Neighbours.ADD_OR_REMOVE;
    }

    /** Continuous noise. */
    public Mechanism(NoiseKind noise, double samplingRate, double noiseMultiplier, long count, Neighbours neighbours) {
        this(noise, samplingRate, noiseMultiplier, count, neighbours, false);
    }

    /** Add/remove-one neighbours, the relation of DP-SGD and of every release without sampling. */
    public Mechanism(NoiseKind noise, double samplingRate, double noiseMultiplier, long count) {
        this(noise, samplingRate, noiseMultiplier, count, Neighbours.ADD_OR_REMOVE);
    }

    /** {@code steps} Poisson-subsampled Gaussian releases under add/remove-one (sampling rate 1: plain Gaussian). */
    public static Mechanism gaussian(double samplingRate, double noiseMultiplier, long steps) {
        return new Mechanism(NoiseKind.GAUSSIAN, samplingRate, noiseMultiplier, steps);
    }

    /**
     * {@code steps} Poisson-subsampled Gaussian releases under replace-one: the noise multiplier
     * is relative to the sensitivity of a replacement (sampling rate 1: plain Gaussian).
     */
    public static Mechanism replaceOneGaussian(double samplingRate, double noiseMultiplier, long steps) {
        return new Mechanism(NoiseKind.GAUSSIAN, samplingRate, noiseMultiplier, steps, Neighbours.REPLACE_ONE);
    }

    /** {@code steps} Laplace releases of scale b relative to the L1 sensitivity. */
    public static Mechanism laplace(double scaleOverSensitivity, long steps) {
        return new Mechanism(NoiseKind.LAPLACE, 1, scaleOverSensitivity, steps);
    }

    /**
     * {@code steps} releases of the discrete Gaussian with sigma = noiseMultiplier x the L2
     * sensitivity in lattice units (one discrete Gaussian per coordinate, no sampling).
     */
    public static Mechanism discreteGaussian(double noiseMultiplier, long steps) {
        return new Mechanism(NoiseKind.GAUSSIAN, 1, noiseMultiplier, steps, Neighbours.ADD_OR_REMOVE, true);
    }

    /**
     * {@code steps} releases of the discrete Gaussian on a Poisson subsample at rate {@code
     * samplingRate} under replace-one neighbours, sigma = noiseMultiplier x the sensitivity of a
     * replacement in lattice units (central mode with client sampling). At rate 1 the same as
     * {@link #discreteGaussian}.
     */
    public static Mechanism sampledDiscreteGaussian(double samplingRate, double noiseMultiplier, long steps) {
        return new Mechanism(NoiseKind.GAUSSIAN, samplingRate, noiseMultiplier, steps, Neighbours.REPLACE_ONE, true);
    }

    /** {@code steps} releases of the discrete Laplace with scale b = scaleOverSensitivity x the L1 sensitivity in lattice units. */
    public static Mechanism discreteLaplace(double scaleOverSensitivity, long steps) {
        return new Mechanism(NoiseKind.LAPLACE, 1, scaleOverSensitivity, steps, Neighbours.ADD_OR_REMOVE, true);
    }

    /** The same mechanism released {@code more} more times. */
    public Mechanism plus(long more) {
        return withCount(Math.addExact(count, more));
    }

    /** The same mechanism, released {@code factor} times as often. */
    public Mechanism times(long factor) {
        return withCount(Math.multiplyExact(count, factor));
    }

    /** The same mechanism released {@code newCount} times. */
    public Mechanism withCount(long newCount) {
        return new Mechanism(noise, samplingRate, noiseMultiplier, newCount, neighbours, discrete);
    }

    /** The same releases hiding {@code relation} (at sampling rate 1 still add/remove, the same mechanism). */
    public Mechanism withNeighbours(Neighbours relation) {
        return new Mechanism(noise, samplingRate, noiseMultiplier, count, relation, discrete);
    }

    /** True when {@code other} is the same mechanism, whatever the counts. */
    public boolean sameMechanism(Mechanism other) {
        return noise == other.noise && Double.compare(samplingRate, other.samplingRate) == 0
                && Double.compare(noiseMultiplier, other.noiseMultiplier) == 0 && neighbours == other.neighbours
                && discrete == other.discrete;
    }

    /** Composes these releases into {@code accountant}. */
    public void composeInto(PrivacyAccountant accountant) {
        int steps = Math.toIntExact(count);
        if (discrete) {
            if (noise == NoiseKind.LAPLACE) accountant.composeDiscreteLaplace(noiseMultiplier, steps);
            else if (samplingRate < 1) accountant.composeSampledDiscreteGaussian(samplingRate, noiseMultiplier, steps);
            else accountant.composeDiscreteGaussian(noiseMultiplier, steps);
        } else if (noise == NoiseKind.LAPLACE) accountant.composeLaplace(noiseMultiplier, steps);
        else if (neighbours == Neighbours.REPLACE_ONE) {
            accountant.composeReplaceOneSubsampledGaussian(samplingRate, noiseMultiplier, steps);
        } else accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, steps);
    }
}
