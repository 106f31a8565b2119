package dev.pmad.agent.export;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about the run a model comes from, for the model's provenance, its MLflow
 * metadata and its card. Built by whoever holds the run's summary (the command line); the agent
 * module knows nothing of the coordinator.
 *
 * @param trainRows      training rows the agents declared in the last round, {@code null} if unknown
 * @param evaluationRows rows the final metrics were measured on
 * @param metrics        final metrics by name (accuracy, loss, f1...), in display order
 */
public record ModelFacts(String runId, Instant created, String pmadVersion, String outcome, String strategy,
                         int rounds, int agents, String privacyMode, double epsilonSpent, double delta, Long trainRows,
                         long evaluationRows, Map<String, Double> metrics) {
    public ModelFacts {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(created, "created");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A model nobody ran a federation for (tests, tools): only its id and creation time. */
    public static ModelFacts of(String runId) {
        return new ModelFacts(runId, Instant.now(), "", "", "", 0, 0, "none", 0, 0, null, 0, Map.of());
    }

    /** Whether the run ran without differential privacy. */
    public boolean withoutPrivacy() {
        return "none".equals(privacyMode);
    }

    /** The facts as strings, for Tribuo's provenance and ONNX metadata. */
    public Map<String, String> asStrings() {
        var facts = new LinkedHashMap<String, String>();
        facts.put("run_id", runId);
        facts.put("created", created.toString());
        if (!pmadVersion.isEmpty()) facts.put("pmad_version", pmadVersion);
        if (!outcome.isEmpty()) facts.put("outcome", outcome);
        if (!strategy.isEmpty()) facts.put("strategy", strategy);
        facts.put("rounds", Integer.toString(rounds));
        facts.put("agents", Integer.toString(agents));
        facts.put("dp_mode", privacyMode);
        facts.put("epsilon_spent", Double.toString(epsilonSpent));
        facts.put("dp_delta", Double.toString(delta));
        if (trainRows != null) facts.put("train_rows", Long.toString(trainRows));
        facts.put("evaluation_rows", Long.toString(evaluationRows));
        metrics.forEach((k, v) -> facts.put("final_" + k, Double.toString(v)));
        return facts;
    }
}
