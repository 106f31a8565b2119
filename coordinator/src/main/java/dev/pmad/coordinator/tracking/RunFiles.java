package dev.pmad.coordinator.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.run.SummaryJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a run, identical in {@code RUNS_DIR/<run-id>/} and in the MLflow run's artifacts:
 * <pre>
 * params.json     params and tags, as logged to MLflow
 * metrics.jsonl   one line per round: {"round":1,"timestamp":...,"metrics":{"accuracy":...}}
 * summary.json    the run summary, as printed by {@code pmad simulate --json}
 * model/...       the final model (only after at least one round)
 * </pre>
 */
final class RunFiles {
    static final String PARAMS = "params.json";
    static final String METRICS = "metrics.jsonl";
    static final String SUMMARY = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {}

    static List<Artifact> of(RunEnded ended, RunSummary summary, Map<String, byte[]> modelFiles) {
        var files = new ArrayList<Artifact>();
        files.add(Artifact.of(PARAMS, params(ended)));
        files.add(Artifact.of(METRICS, metrics(ended.rounds())));
        ObjectNode json = SummaryJson.toJson(summary);
        json.put("startedAt", summary.startedAt().toString());
        json.put("endedAt", ended.endedAt().toString());
        files.add(Artifact.of(SUMMARY, pretty(json)));
        modelFiles.forEach((name, bytes) -> files.add(Artifact.of(RunEnded.MODEL_DIR + "/" + name, bytes)));
        return files;
    }

    static byte[] params(RunEnded ended) {
        var params = new LinkedHashMap<>(ended.start().params());
        params.putAll(ended.params());
        var tags = new LinkedHashMap<>(ended.start().tags());
        tags.putAll(ended.tags());
        return params(ended.runId(), params, tags);
    }

    static byte[] params(String runId, Map<String, String> params, Map<String, String> tags) {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", runId);
        params.forEach(root.putObject("params")::put);
        tags.forEach(root.putObject("tags")::put);
        return pretty(root);
    }

    static byte[] metrics(List<RoundLogged> rounds) {
        var out = new ByteArrayOutputStream();
        for (RoundLogged r : rounds) out.writeBytes(metricsLine(r));
        return out.toByteArray();
    }

    /** One JSON line, newline included. */
    static byte[] metricsLine(RoundLogged r) {
        ObjectNode line = JSON.createObjectNode();
        line.put("round", r.round());
        line.put("timestamp", r.at().toEpochMilli());
        ObjectNode metrics = line.putObject("metrics");
        r.metrics().forEach(metrics::put);
        try {
            return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pretty(ObjectNode node) {
        try {
            return JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
