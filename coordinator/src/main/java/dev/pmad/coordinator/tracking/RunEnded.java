package dev.pmad.coordinator.tracking;

import dev.pmad.coordinator.run.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run ended. Carries the start and every round again, so a sink that missed them (MLflow down
 * at the time, a round dropped from a full queue) can catch up; sinks skip what they already have.
 *
 * @param params    params only known at the end (agents, strategy, noise multiplier)
 * @param tags      tags only known at the end (outcome and its reason)
 * @param artifacts the run's files: {@code params.json}, {@code metrics.jsonl}, {@code summary.json}
 *                  and, after at least one round, {@code model/...}
 */
public record RunEnded(RunStarted start, Outcome outcome, String reason, Instant endedAt, Map<String, String> params,
                       Map<String, String> tags, List<RoundLogged> rounds, List<Artifact> artifacts) {
    /** Directory of the model files, under the run's directory and its MLflow artifact root. */
    public static final String MODEL_DIR = "model";

    public RunEnded {
        params = RunRecords.ordered(params);
        tags = RunRecords.ordered(tags);
        rounds = List.copyOf(rounds);
        artifacts = List.copyOf(artifacts);
    }

    public String runId() {
        return start.runId();
    }

    /** Whether the run produced model files (under {@value #MODEL_DIR}/). */
    public boolean hasModel() {
        return artifacts.stream().anyMatch(a -> a.path().startsWith(MODEL_DIR + "/"));
    }
}
