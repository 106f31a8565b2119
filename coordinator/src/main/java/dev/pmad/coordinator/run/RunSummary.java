package dev.pmad.coordinator.run;

import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.time.Instant;
import java.util.List;

/**
 * Everything a finished run produced: how it ended and why, every round, the final model and its
 * metrics, the privacy spent. Immutable; handed to listeners and written by the CLI.
 */
public record RunSummary(String runId, Outcome outcome, String reason, int targetRounds, List<RoundResult> rounds,
                         Metrics finalMetrics, ModelShape shape, Weights finalWeights, Standardization standardization,
                         PrivacySummary privacy, List<String> agents, String strategy, Instant startedAt,
                         double wallSeconds) {}
