package dev.pmad.coordinator.aggregation;

import java.util.List;

/** Combines the round's updates into one delta to add to the global model. */
public interface AggregationStrategy {

    /** {@code updates} is sorted by agent id and non-empty; the result has the same length. */
    double[] aggregate(int round, List<AgentUpdate> updates);

    /** For logs and MLflow params. */
    String name();
}
