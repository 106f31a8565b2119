package dev.pmad.coordinator.tracking;

import java.util.Objects;

/**
 * One file of a run, at a relative path ({@code summary.json}, {@code model/model.onnx}). The
 * same path is used under {@code RUNS_DIR/<run-id>/} and under the MLflow run's artifact root.
 * Bytes are handed over, not copied: treat them as read-only.
 */
public record Artifact(String path, byte[] bytes, String contentType) {
    public Artifact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("..")) {
            throw new IllegalArgumentException("artifact path must be relative, with '/' separators and no '..': " + path);
        }
    }

    /** Content type from the file name; MLflow stores it, browsers use it. */
    public static Artifact of(String path, byte[] bytes) {
        String type = path.endsWith(".json") ? "application/json"
                : path.endsWith(".jsonl") ? "application/x-ndjson"
                : path.endsWith(".csv") ? "text/csv"
                : "application/octet-stream";
        return new Artifact(path, bytes, type);
    }
}
