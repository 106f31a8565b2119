package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Procedure;
import java.util.List;
import java.util.Objects;

/**
 * DP-FedAvg with distributed noise (Kairouz, Liu and Steinke 2021): under secure aggregation each
 * agent clips its delta to C and adds its share of the discrete Gaussian noise itself
 * ({@link dev.pmad.secagg.DistributedDp}), so the coordinator's one "update" is already the
 * round's noised, unweighted mean over the contributors ({@link
 * dev.pmad.coordinator.secure.SecureRound#result}); this strategy adds no noise and applies it
 * as it is, as {@link CentralDpFedAvg} applies its own noised mean. Anything done with it is
 * post-processing.
 */
public final class DistributedDpFedAvg implements AggregationStrategy {
    private final Procedure local;

    /** @param local what agents compute before clipping: plain SGD, or FedProx's proximal steps */
    public DistributedDpFedAvg(Procedure local) {
        this.local = Objects.requireNonNull(local, "local");
    }

    @Override
    public double[] aggregate(int round, List<AgentUpdate> updates) {
        if (updates.size() != 1) {
            throw new IllegalArgumentException("distributed DP aggregates the one secure, noised mean of a round, got "
                    + updates.size() + " updates");
        }
        return updates.get(0).delta().toArray();
    }

    @Override
    public Procedure procedure(String agent) {
        return local;
    }

    @Override
    public String name() {
        return Procedure.PROX.equals(local.kind()) ? "ddp-fedprox" : "ddp-fedavg";
    }
}
