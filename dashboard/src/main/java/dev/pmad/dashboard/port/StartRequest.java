package dev.pmad.dashboard.port;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request for a new run, already validated by the dashboard as far as it can: the federation
 * checks the strategy and its options.
 *
 * @param targetRounds    rounds to run, between 1 and the state's {@code maxTargetRounds}
 * @param epsilonBudget   a privacy budget for this run, or null to keep the configured one
 * @param strategy        the aggregation strategy for this run, or null for the federation's own
 * @param strategyOptions option key to value as text ({@code eta} to {@code 0.05}); empty when
 *                        none, and always empty without a strategy
 */
public record StartRequest(int targetRounds, Double epsilonBudget, String strategy, Map<String, String> strategyOptions) {
    public StartRequest {
        strategyOptions = Collections.unmodifiableMap(new LinkedHashMap<>(strategyOptions == null ? Map.of() : strategyOptions));
        if (strategy == null && !strategyOptions.isEmpty()) {
            throw new IllegalArgumentException("strategy options need a strategy");
        }
    }

    /** With the federation's own strategy. */
    public StartRequest(int targetRounds, Double epsilonBudget) {
        this(targetRounds, epsilonBudget, null, Map.of());
    }
}
