package dev.pmad.coordinator.aggregation;

import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.Procedure;
import java.util.List;

/**
 * DP-FedAvg (McMahan et al. 2018): each delta is clipped to L2 norm C (again — an agent that
 * skipped clipping must not break the sensitivity bound), the clipped deltas are summed with
 * uniform weights, Gaussian noise N(0, (z * 2C)^2) is added to the sum, and the sum divided by the
 * number of agents. Uniform weights keep one agent's influence bounded by C whatever its size.
 *
 * <p>Neighbour relation: replacing one agent's data. Every agent takes part in every round, the
 * participants are published and the mean divides by their actual number, so add/remove-one
 * adjacency (sensitivity C, McMahan et al.'s fixed-denominator estimator with secret sampling)
 * does not describe this release; replacing one clipped update by another moves the sum by at
 * most 2C, which is the sensitivity the noise is scaled to ({@link PrivacyPlanner#sensitivity}).
 */
public final class CentralDpFedAvg implements AggregationStrategy {
    private final double clipNorm;
    private final double noiseMultiplier;
    private final GaussianMechanism noise;
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
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.noise = noise;
        this.local = java.util.Objects.requireNonNull(local, "local");
    }

    @Override
    public Procedure procedure(String agent) {
        return local;
    }

    @Override
    public double[] aggregate(int round, List<AgentUpdate> updates) {
        double[] sum = new double[updates.get(0).delta().size()];
        for (AgentUpdate u : updates) {
            double[] clipped = Clipping.toL2Norm(u.delta().toArray(), clipNorm);
            for (int i = 0; i < sum.length; i++) sum[i] += clipped[i];
        }
        noise.addNoiseInPlace(sum, noiseMultiplier * PrivacyPlanner.sensitivity(PrivacyMode.CENTRAL, clipNorm));
        for (int i = 0; i < sum.length; i++) sum[i] /= updates.size();
        return sum;
    }

    @Override
    public String name() {
        return Procedure.PROX.equals(local.kind()) ? "dp-fedprox" : "dp-fedavg";
    }
}
