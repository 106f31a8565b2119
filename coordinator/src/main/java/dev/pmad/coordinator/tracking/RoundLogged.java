package dev.pmad.coordinator.tracking;

import java.time.Instant;
import java.util.Map;

/**
 * One round's metrics, named as in MLflow ({@code accuracy}, {@code agent.<id>.train_loss}...),
 * finite values only; {@code round} is the MLflow step.
 */
public record RoundLogged(String runId, int round, Instant at, Map<String, Double> metrics) {
    public RoundLogged {
        metrics = RunRecords.ordered(metrics);
    }

    /** This round as one line of {@code metrics.jsonl}, newline included. */
    public byte[] toJsonLine() {
        return RunFiles.metricsLine(this);
    }
}
