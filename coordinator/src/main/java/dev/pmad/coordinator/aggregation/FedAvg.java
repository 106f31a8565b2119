package dev.pmad.coordinator.aggregation;

import java.util.List;

/** Federated averaging: the mean of the deltas weighted by each agent's sample count. */
public final class FedAvg implements AggregationStrategy {

    @Override
    public double[] aggregate(int round, List<AgentUpdate> updates) {
        long total = 0;
        for (AgentUpdate u : updates) total += u.samples();
        double[] result = new double[updates.get(0).delta().size()];
        // Fixed order (the caller sorts by agent id): floating-point sums are order-dependent.
        for (AgentUpdate u : updates) {
            double weight = u.samples() / (double) total;
            for (int i = 0; i < result.length; i++) result[i] += weight * u.delta().get(i);
        }
        return result;
    }

    @Override
    public String name() {
        return "fedavg";
    }
}
