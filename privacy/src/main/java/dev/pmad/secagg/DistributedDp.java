package dev.pmad.secagg;

import dev.pmad.privacy.accounting.DiscreteGaussianBound;
import dev.pmad.privacy.mechanism.DiscreteGaussian;
import dev.pmad.privacy.mechanism.LatticeRelease;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Distributed DP with secure aggregation: the distributed discrete Gaussian mechanism of Kairouz,
 * Liu and Steinke 2021 ("The Distributed Discrete Gaussian Mechanism for Federated Learning with
 * Secure Aggregation", ICML 2021, arXiv:2102.06387), built from public settings only, so that
 * every agent and the coordinator derive the same lattice, noise and ring from a round's
 * ROUND_START.
 *
 * <p><b>What an agent sends.</b> Its delta clipped to L2 norm C and put on the lattice gamma Z^d
 * with the integer vector's norm checked exactly to be at most C / gamma ({@link
 * LatticeRelease#quantizeL2}), plus independent N_Z(0, sigma^2 / t) per coordinate (Canonne,
 * Kamath, Steinke 2020, exact), where sigma = z x 2C / gamma is the central noise in lattice units
 * (2C: replacing one agent's data moves the sum by at most 2C, as DP-FedAvg's central noise) and t
 * the secure-aggregation threshold; then a last entry 1 (it counts the contributors, which the
 * coordinator knows anyway: no noise, no sensitivity); everything mod 2^bits, then masked.
 *
 * <p><b>Why t.</b> A secure round reveals a sum only when at least t agents' masked inputs are in it
 * (the unmasking needs t shares, which only agents that sent a masked input give), so a revealed
 * sum carries at least t honest draws, total variance at least sigma^2. More contributors only
 * add independent noise, which cannot increase a Renyi divergence (post-processing), so the
 * guarantee accounted for t holds for any n &gt;= t. With all m invited agents the noise is m / t
 * times the central one: the price of not knowing in advance who drops.
 *
 * <p><b>Accounting.</b> A sum of t discrete Gaussians is not one: KLS 2021 Proposition 14 bounds
 * it ({@link DiscreteGaussianBound#rho}, the form TF Privacy's distributed-DP accounting uses) by
 * rho-zCDP, i.e. the Renyi curve alpha rho; we charge it as one discrete Gaussian at the
 * multiplier z_eff = 1 / sqrt(2 rho) ({@link #effectiveNoiseMultiplier}), whose curve is alpha /
 * (2 z_eff^2) = alpha rho. The lattice step is at most (sigma / sqrt t) / 2^10, so each draw has
 * parameter s &gt;= 2^10 and the tau term of Proposition 14 (about 10 t exp(-pi^2 s^2)) vanishes:
 * z_eff equals z up to rounding. No amplification by sampling: the coordinator knows who took part.
 *
 * <p><b>Ring.</b> The sum of m agents' entries is at most m C / gamma in size, the noise per
 * coordinate sub-Gaussian with variance proxy m sigma^2 / t (CKS 2020: N_Z(0, s^2) is
 * s^2-sub-Gaussian), so P(|noise| &gt; {@link #TAIL} sigma sqrt(m / t)) &lt;= 2 exp(-TAIL^2 / 2), about
 * 1e-31 per coordinate. {@link #of} refuses rings smaller than m (C / gamma + 1) + that tail. A
 * wrap-around anyway (or a coordinator mis-decoding on purpose) is post-processing of the noised
 * sum: it can only hurt the model, never privacy.
 *
 * @param clipNorm        C, the L2 norm every agent clips its delta to
 * @param noiseMultiplier z: the sum's noise is z x 2C (before the tau correction)
 * @param threshold       t, the fewest contributors a revealed sum can have
 * @param agents          m, the round's invited agents (the most contributors)
 * @param dimension       d, the model's size (the ring vector has d + 1 entries)
 * @param bits            the ring is Z_{2^bits}
 */
public record DistributedDp(double clipNorm, double noiseMultiplier, int threshold, int agents, int dimension,
                            int bits) {
    /** Noise tail, in standard deviations of the summed noise, that the ring must hold. */
    public static final double TAIL = 12;

    public DistributedDp {
        if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("DP_CLIP_NORM must be a positive number, was " + clipNorm);
        }
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("distributed DP needs a positive noise multiplier, was " + noiseMultiplier);
        }
        if (threshold < 1 || agents < threshold) {
            throw new IllegalArgumentException("distributed DP needs 1 <= threshold <= agents, was threshold " + threshold
                    + " of " + agents + " agents");
        }
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        if (bits < 2 || bits > 64) throw new IllegalArgumentException("SECURE_AGGREGATION_BITS must be in 2..64, was " + bits);
    }

    /**
     * The settings, refused when the ring cannot hold the noised sum of every invited agent.
     *
     * @throws IllegalArgumentException naming SECURE_AGGREGATION_BITS when it is too small
     */
    public static DistributedDp of(double clipNorm, double noiseMultiplier, int threshold, int agents, int dimension,
                                   int bits) {
        var dp = new DistributedDp(clipNorm, noiseMultiplier, threshold, agents, dimension, bits);
        double needed = dp.ringBitsNeeded();
        if (needed > bits - 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "SECURE_AGGREGATION_BITS=%d is too small for"
                    + " distributed DP: the noised sum of %d agents (clip %s on a lattice of step 2^-%d, noise %s"
                    + " standard deviations of z=%s) needs %.1f bits plus a sign; raise SECURE_AGGREGATION_BITS"
                    + " (--secure-aggregation-bits) to at least %d", bits, agents, clipNorm, dp.latticeExponent(), TAIL,
                    noiseMultiplier, needed, (int) Math.ceil(needed) + 1));
        }
        double agentSigma = dp.centralSigmaOnLattice() / Math.sqrt(threshold);
        if (threshold > 1 && agentSigma < 0.5) {
            // KLS 2021 Prop. 14 needs each draw's parameter >= 1/2; only a noise far below the
            // clip (an epsilon of thousands) reaches the finest lattice and falls below it.
            throw new IllegalArgumentException(String.format(Locale.ROOT, "distributed DP's noise is too small to"
                    + " account: each agent's share has stddev %.3g lattice steps, the bound for a sum of discrete"
                    + " Gaussians needs at least 0.5; lower DP_EPSILON", agentSigma));
        }
        return dp;
    }

    /** The central noise's stddev in input units, z x 2C, rounded up so that it is never below. */
    public double centralStddev() {
        return Math.nextUp(noiseMultiplier * 2 * clipNorm);
    }

    /**
     * The exponent k of the lattice step gamma = 2^-k: {@link LatticeRelease#clippedExponent} for
     * the clip and each agent's own noise, sigma / sqrt(t), so every draw is at least 2^10 steps wide.
     */
    public int latticeExponent() {
        return LatticeRelease.clippedExponent(clipNorm, centralStddev() / Math.sqrt(threshold), dimension, false);
    }

    /** sigma in lattice units: the stddev parameter of the whole sum's noise (t draws). */
    public double centralSigmaOnLattice() {
        return Math.scalb(centralStddev(), latticeExponent());
    }

    /** The L2 sensitivity of the integer sum under replace-one: 2 C / gamma (every agent's vector has norm at most C / gamma). */
    public double sensitivityOnLattice() {
        return Math.scalb(2 * clipNorm, latticeExponent());
    }

    /** Each agent's discrete Gaussian: N_Z(0, sigma^2 / t) with sigma^2 / t computed exactly from the double sigma. */
    public DiscreteGaussian agentNoise(RandomGenerator random) {
        BigDecimal sigma = new BigDecimal(centralSigmaOnLattice());
        BigDecimal variance = sigma.multiply(sigma);
        BigInteger p;
        BigInteger q;
        if (variance.scale() <= 0) {
            p = variance.toBigIntegerExact();
            q = BigInteger.ONE;
        } else {
            p = variance.unscaledValue();
            q = BigInteger.TEN.pow(variance.scale());
        }
        return new DiscreteGaussian(p, q.multiply(BigInteger.valueOf(threshold)), random);
    }

    /**
     * The multiplier this round is charged at: 1 / sqrt(2 rho) with rho of KLS 2021 Prop. 14 for
     * t draws of parameter sigma / sqrt(t) and sensitivity 2C / gamma, made 1e-12 smaller to cover
     * the rounding of the floating-point formula.
     */
    public double effectiveNoiseMultiplier() {
        return effectiveNoiseMultiplier(sensitivityOnLattice(), centralSigmaOnLattice() / Math.sqrt(threshold), dimension,
                threshold);
    }

    /** 1 / sqrt(2 rho) (1 - 1e-12) for n parties each adding N_Z(0, s^2)^d to a sum of L2 sensitivity {@code sensitivity}. */
    public static double effectiveNoiseMultiplier(double sensitivity, double s, long d, int n) {
        double rho = DiscreteGaussianBound.rho(sensitivity, s, d, n);
        return (1 - 1e-12) / Math.sqrt(2 * rho);
    }

    /** log2 of the largest signed value the sum may reach: m (C / gamma + 1) + TAIL sigma sqrt(m / t). */
    double ringBitsNeeded() {
        double values = agents * (Math.scalb(clipNorm, latticeExponent()) + 1);
        double noise = TAIL * centralSigmaOnLattice() * Math.sqrt((double) agents / threshold);
        return Math.log(values + noise) / Math.log(2);
    }

    /**
     * One agent's ring input: {@code delta} clipped and on the lattice, plus this agent's noise,
     * then the contributor count 1; d + 1 entries mod 2^bits.
     */
    public long[] encode(double[] delta, RandomGenerator random) {
        if (delta.length != dimension) {
            throw new IllegalArgumentException("delta has " + delta.length + " values, the round's model " + dimension);
        }
        long[] k = LatticeRelease.quantizeL2(delta, clipNorm, latticeExponent());
        LatticeRelease.addDiscreteGaussian(k, agentNoise(random));
        long mask = ringMask();
        long[] out = new long[dimension + 1];
        for (int i = 0; i < dimension; i++) out[i] = k[i] & mask;
        out[dimension] = 1;
        return out;
    }

    /**
     * The noised sum of the contributors' clipped deltas from the ring sum: the signed reading of
     * each entry times gamma.
     *
     * @throws IllegalArgumentException when the count entry is not {@code contributors}
     */
    public double[] decodeSum(long[] ringSum, int contributors) {
        if (ringSum.length != dimension + 1) {
            throw new IllegalArgumentException("ring sum has " + ringSum.length + " entries, expected " + (dimension + 1));
        }
        long count = signed(ringSum[dimension]);
        if (count != contributors) {
            throw new IllegalArgumentException("the ring sum counts " + count + " contributors, the round had " + contributors
                    + ": an agent sent a count other than 1");
        }
        double[] out = new double[dimension];
        int k = latticeExponent();
        for (int i = 0; i < dimension; i++) out[i] = Math.scalb((double) signed(ringSum[i]), -k);
        return out;
    }

    private long signed(long v) {
        if (bits == 64) return v;
        v &= ringMask();
        return v >= 1L << (bits - 1) ? v - (1L << bits) : v;
    }

    private long ringMask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }
}
