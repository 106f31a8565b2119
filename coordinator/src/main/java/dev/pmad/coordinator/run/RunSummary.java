package dev.pmad.coordinator.run;

import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a finished run produced: how it ended and why, every round, the final model and its
 * metrics, the privacy spent. Immutable; handed to listeners and written by the CLI.
 *
 * @param strategy        the strategy's name ({@code dp-fedavg} for central DP's noised average)
 * @param strategyOptions its effective options, defaults included, in declaration order
 * @param resumedFromRound the round after which the run was last resumed from a checkpoint; 0 if never
 * @param quarantined     agents that sat out rounds of this run under quarantine, with how many, in id order
 */
public record RunSummary(String runId, Outcome outcome, String reason, int targetRounds, List<RoundResult> rounds,
                         Metrics finalMetrics, ModelShape shape, Weights finalWeights, Standardization standardization,
                         PrivacySummary privacy, List<String> agents, String strategy, Map<String, Double> strategyOptions,
                         Instant startedAt, double wallSeconds, int resumedFromRound, Map<String, Integer> quarantined) {
    public RunSummary {
        strategyOptions = Collections.unmodifiableMap(new LinkedHashMap<>(strategyOptions));
        quarantined = Collections.unmodifiableMap(new LinkedHashMap<>(quarantined));
    }

    /** A run in which no agent sat out. */
    public RunSummary(String runId, Outcome outcome, String reason, int targetRounds, List<RoundResult> rounds,
                      Metrics finalMetrics, ModelShape shape, Weights finalWeights, Standardization standardization,
                      PrivacySummary privacy, List<String> agents, String strategy, Map<String, Double> strategyOptions,
                      Instant startedAt, double wallSeconds, int resumedFromRound) {
        this(runId, outcome, reason, targetRounds, rounds, finalMetrics, shape, finalWeights, standardization, privacy,
                agents, strategy, strategyOptions, startedAt, wallSeconds, resumedFromRound, Map.of());
    }

    /** The strategy as a {@link RunStrategy}. */
    public RunStrategy runStrategy() {
        return new RunStrategy(strategy, strategyOptions);
    }
}
