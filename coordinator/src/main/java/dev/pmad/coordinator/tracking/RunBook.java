package dev.pmad.coordinator.tracking;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What the tracker thread knows of each run in progress, and how coordinator callbacks become
 * the records sinks receive. Tracker thread only: no locks.
 */
final class RunBook {
    private final CoordinatorConfig config;
    private final RunDescription description;
    private final ModelArtifactWriter modelWriter;
    private final BiConsumer<String, Throwable> problems;
    private final Map<String, RunStarted> started = new HashMap<>();
    private final Map<String, TreeMap<Integer, RoundLogged>> logged = new HashMap<>();

    RunBook(CoordinatorConfig config, RunDescription description, ModelArtifactWriter modelWriter,
            BiConsumer<String, Throwable> problems) {
        this.config = config;
        this.description = description;
        this.modelWriter = modelWriter;
        this.problems = problems;
    }

    RunStarted started(String runId, int targetRounds, RunStrategy strategy, Instant at) {
        var run = startRecord(runId, targetRounds, strategy, at);
        started.put(runId, run);
        logged.put(runId, new TreeMap<>());
        return run;
    }

    RoundLogged round(String runId, RoundResult result, Instant at) {
        var round = new RoundLogged(runId, result.round(), at, RunRecords.roundMetrics(result));
        logged.computeIfAbsent(runId, id -> new TreeMap<>()).put(round.round(), round);
        return round;
    }

    /** The end of a run with its start and every round again, and the run's files. */
    RunEnded ended(RunSummary s, Instant at) {
        RunStarted start = started.remove(s.runId());
        // Attached mid-run, or the start was dropped from a full queue: rebuild it from the summary.
        if (start == null) start = startRecord(s.runId(), s.targetRounds(), s.runStrategy(), s.startedAt());
        TreeMap<Integer, RoundLogged> rounds = logged.remove(s.runId());
        if (rounds == null) rounds = new TreeMap<>();
        for (RoundResult r : s.rounds()) {
            // Keep the timestamps already sent, so a sink that has a round sees the same point again.
            rounds.computeIfAbsent(r.round(), n -> new RoundLogged(s.runId(), n, at, RunRecords.roundMetrics(r)));
        }
        var draft = new RunEnded(start, s.outcome(), s.reason(), at, RunRecords.endParams(s), RunRecords.endTags(s),
                new ArrayList<>(rounds.values()), List.of());
        return new RunEnded(draft.start(), draft.outcome(), draft.reason(), draft.endedAt(), draft.params(), draft.tags(),
                draft.rounds(), RunFiles.of(draft, s, modelFiles(s)));
    }

    private RunStarted startRecord(String runId, int targetRounds, RunStrategy strategy, Instant at) {
        return new RunStarted(runId, targetRounds, at, RunRecords.startParams(config, description, targetRounds, strategy),
                RunRecords.startTags(description, runId));
    }

    private Map<String, byte[]> modelFiles(RunSummary s) {
        if (s.rounds().isEmpty() || s.standardization() == null || s.finalWeights() == null) return Map.of();
        try {
            return modelWriter.write(s);
        } catch (Exception | LinkageError e) {
            problems.accept("could not export the model of run " + s.runId() + ": " + e
                    + "; the summary and metrics are recorded without it", e);
            return Map.of();
        }
    }
}
