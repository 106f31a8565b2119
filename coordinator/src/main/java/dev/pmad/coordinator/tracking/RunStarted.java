package dev.pmad.coordinator.tracking;

import java.time.Instant;
import java.util.Map;

/**
 * A run began: its settings as params and its tags, in the order they are logged.
 *
 * @param runId        the coordinator's run id; also the MLflow run name and the runs directory name
 * @param targetRounds rounds the run was asked for
 */
public record RunStarted(String runId, int targetRounds, Instant startedAt, Map<String, String> params,
                         Map<String, String> tags) {
    public RunStarted {
        params = RunRecords.ordered(params);
        tags = RunRecords.ordered(tags);
    }

    /** {@code params.json} as known at the start; the end rewrites it with the final params and tags. */
    public byte[] toParamsJson() {
        return RunFiles.params(runId, params, tags);
    }
}
