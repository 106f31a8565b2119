package dev.pmad.coordinator.aggregation;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.DiscreteGaussian;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.mechanism.LatticeRelease;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.Procedure;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * DP-FedAvg (McMahan et al. 2018): each delta is clipped to L2 norm C (again — an agent that
 * skipped clipping must not break the sensitivity bound), the clipped deltas are summed with
 * uniform weights, discrete Gaussian noise of stddev z * 2C is added to the sum, and the sum divided by the
 * number of agents. Uniform weights keep one agent's influence bounded by C whatever its size.
 *
 * <p>Neighbour relation: replacing one agent's data. Without client sampling every agent takes
 * part in every round and the mean divides by their actual number, which is the same whoever's
 * data it is; replacing one clipped update by another moves the sum by at most 2C, the
 * sensitivity the noise is scaled to ({@link PrivacyPlanner#sensitivity}).
 *
 * <p>With client sampling ({@link #sampled}) the agents are drawn secretly by Poisson sampling, and
 * the mean divides by the expected number of participants instead (McMahan et al.'s
 * fixed-denominator estimator): the drawn number would reveal whether one more agent took part,
 * which the subsampled-Gaussian accounting assumes nobody learns. A round may then have no update
 * at all; its release is the noise alone.
 *
 * <p>With adaptive clipping ({@link #adaptive}) the clip is read at each round, as the run's
 * estimate set it, and the noise on the sum is scaled to that round's clip.
 *
 * <p><b>Exact noise</b>, with or without client sampling: each clipped delta is put on the lattice
 * gamma Z^d with its integer norm checked to be at most C / gamma ({@link LatticeRelease#quantizeL2}),
 * the integers are summed and exact discrete Gaussian noise N_Z(0, (sigma / gamma)^2) is added
 * (Canonne, Kamath and Steinke 2020), so the noised sum is exact and the mean is post-processing
 * of it; gamma is a power of two at most sigma / 2^10 (utility unchanged), a function of the clip,
 * the noise and the model size only. With client sampling the sum is over the drawn agents (none:
 * the noise alone), accounted as the discrete Gaussian on a Poisson subsample under replace-one
 * (Wang, Balle and Kasiviswanathan 2019 Theorem 9; {@link PrivacyPlanner}'s class note), so no
 * release keeps the floating-point caveat (Mironov 2012).
 */
public final class CentralDpFedAvg implements AggregationStrategy {
    /** This round's clip norm C: fixed, or adaptive clipping's estimate. */
    private final DoubleSupplier clipNorm;
    private final double noiseMultiplier;
    private final GaussianMechanism noise;
    private final int modelSize;
    /** The fixed denominator of the round being aggregated, or null to divide by the updates. */
    private final DoubleSupplier expectedParticipants;
    /** What agents compute before their deltas are clipped: plain SGD, or FedProx's proximal steps. */
    private final Procedure local;

    /** With plain local SGD on the agents. */
    public CentralDpFedAvg(double clipNorm, double noiseMultiplier, GaussianMechanism noise) {
        this(clipNorm, noiseMultiplier, noise, Procedure.sgd());
    }

    /**
     * @param local what agents compute before their deltas are clipped (FedProx's proximal local
     *              steps change no sensitivity: each clipped delta still moves the sum by at most C)
     */
    public CentralDpFedAvg(double clipNorm, double noiseMultiplier, GaussianMechanism noise, Procedure local) {
        this(() -> clipNorm, noiseMultiplier, noise, -1, null, local);
    }

    private CentralDpFedAvg(DoubleSupplier clipNorm, double noiseMultiplier, GaussianMechanism noise, int modelSize,
                            DoubleSupplier expectedParticipants, Procedure local) {
        this.clipNorm = java.util.Objects.requireNonNull(clipNorm, "clipNorm");
        this.noiseMultiplier = noiseMultiplier;
        this.noise = noise;
        this.modelSize = modelSize;
        this.expectedParticipants = expectedParticipants;
        this.local = java.util.Objects.requireNonNull(local, "local");
    }

    /**
     * For rounds whose agents were drawn by Poisson sampling: divides by {@code
     * expectedParticipants} (read at each round: the fraction times the live agents it was drawn
     * from), and accepts a round without updates.
     */
    public static CentralDpFedAvg sampled(double clipNorm, double noiseMultiplier, GaussianMechanism noise, int modelSize,
                                          DoubleSupplier expectedParticipants) {
        return sampled(clipNorm, noiseMultiplier, noise, modelSize, expectedParticipants, Procedure.sgd());
    }

    /** As {@link #sampled(double, double, GaussianMechanism, int, DoubleSupplier)}, the agents computing {@code local}. */
    public static CentralDpFedAvg sampled(double clipNorm, double noiseMultiplier, GaussianMechanism noise, int modelSize,
                                          DoubleSupplier expectedParticipants, Procedure local) {
        if (modelSize < 1) throw new IllegalArgumentException("modelSize must be >= 1, was " + modelSize);
        return new CentralDpFedAvg(() -> clipNorm, noiseMultiplier, noise, modelSize, java.util.Objects.requireNonNull(
                expectedParticipants, "expectedParticipants"), local);
    }

    /**
     * Adaptive clipping: each round clips to and noises for the clip {@code clipNorm} gives then;
     * {@code noiseMultiplier} is the sum's share of the round (z_delta, not the run's z).
     *
     * @param expectedParticipants the fixed denominator under client sampling, or null to divide
     *                             by the updates
     */
    public static CentralDpFedAvg adaptive(DoubleSupplier clipNorm, double noiseMultiplier, GaussianMechanism noise,
                                           int modelSize, DoubleSupplier expectedParticipants, Procedure local) {
        if (modelSize < 1) throw new IllegalArgumentException("modelSize must be >= 1, was " + modelSize);
        return new CentralDpFedAvg(clipNorm, noiseMultiplier, noise, modelSize, expectedParticipants, local);
    }

    @Override
    public Procedure procedure(String agent) {
        return local;
    }

    @Override
    public double[] aggregate(int round, List<AgentUpdate> updates) {
        double[] sum = new double[modelSize > 0 ? modelSize : updates.get(0).delta().size()];
        double clip = clipNorm.getAsDouble();
        double stddev = Math.nextUp(noiseMultiplier * PrivacyPlanner.sensitivity(PrivacyMode.CENTRAL, clip));
        sum = exactNoisedSum(updates, sum.length, clip, stddev);
        double denominator = expectedParticipants != null ? expectedParticipants.getAsDouble() : updates.size();
        if (!(denominator > 0)) throw new IllegalStateException("no participants to average over: " + denominator);
        for (int i = 0; i < sum.length; i++) sum[i] /= denominator;
        return sum;
    }

    /** The sum of the lattice points of the clipped deltas plus exact discrete Gaussian noise, times gamma. */
    private double[] exactNoisedSum(List<AgentUpdate> updates, int size, double clip, double stddev) {
        int m = LatticeRelease.clippedExponent(clip, stddev, size, false);
        long[] sum = new long[size];
        for (AgentUpdate u : updates) {
            long[] k = LatticeRelease.quantizeL2(u.delta().toArray(), clip, m);
            for (int i = 0; i < size; i++) sum[i] = Math.addExact(sum[i], k[i]);
        }
        LatticeRelease.addDiscreteGaussian(sum, DiscreteGaussian.ofStddev(Math.scalb(stddev, m), noise.random()));
        return LatticeRelease.dequantize(sum, m);
    }

    @Override
    public String name() {
        return Procedure.PROX.equals(local.kind()) ? "dp-fedprox" : "dp-fedavg";
    }
}
