package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Procedure;
import java.util.List;

/** Combines the round's updates into one delta to add to the global model. */
public interface AggregationStrategy {

    /** {@code updates} is sorted by agent id and non-empty; the result has the same length. */
    double[] aggregate(int round, List<AgentUpdate> updates);

    /** What {@code agent} computes this round (local SGD unless the strategy needs more). */
    default Procedure procedure(String agent) {
        return Procedure.sgd();
    }

    /** For logs and MLflow params. */
    String name();
}
