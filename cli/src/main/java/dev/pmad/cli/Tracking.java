package dev.pmad.cli;

import dev.pmad.agent.data.Schema;
import dev.pmad.agent.export.ModelExporter;
import dev.pmad.agent.export.ModelFacts;
import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.ModelArtifactWriter;
import dev.pmad.coordinator.tracking.RunDescription;
import dev.pmad.coordinator.tracking.RunTracker;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.TrackingSink;
import dev.pmad.coordinator.tracking.local.RunsDirectory;
import dev.pmad.coordinator.tracking.mlflow.MlflowSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Wires run tracking into a federation: the runs directory always, MLflow when
 * MLFLOW_TRACKING_URI is set, and the agent module's exporter (Tribuo model, ONNX, weights JSON)
 * for the model files, which the coordinator cannot build without Tribuo. Close the tracker after
 * the last run: closing waits for the final uploads.
 */
final class Tracking {
    /** Recorded with every run as the {@code pmad.version} tag: the build's version. */
    static final String PMAD_VERSION = Pmad.version();

    private Tracking() {}

    /**
     * @param problems one line per tracking failure, for the dashboard's event log (already logged
     *                 as warnings); called on the tracker's thread
     */
    static RunTracker attach(Coordinator coordinator, Schema schema, RunDescription description, Map<String, String> env,
                             Consumer<String> problems) {
        return attach(coordinator, schema, description, env, problems, notice -> { });
    }

    /**
     * @param notices where each run's files and model went, one line per run, for the dashboard's
     *                event log (already logged); called on the tracker's thread
     */
    static RunTracker attach(Coordinator coordinator, Schema schema, RunDescription description, Map<String, String> env,
                             Consumer<String> problems, Consumer<String> notices) {
        TrackingSettings settings = TrackingSettings.fromEnvironment(env);
        List<TrackingSink> sinks = new ArrayList<>();
        sinks.add(new RunsDirectory(settings.runsDir()));
        // Right after the runs directory: the files are there, and a slow MLflow does not delay the news.
        sinks.add(new RunLocation.Announcer(settings.runsDir(), notices));
        if (settings.mlflowEnabled()) sinks.add(new MlflowSink(settings));
        return RunTracker.attach(coordinator, settings, description, sinks, modelWriter(schema), problems);
    }

    /** Model files from the agent module's exporter, with the run's facts in their provenance and card. */
    static ModelArtifactWriter modelWriter(Schema schema) {
        var exporter = new ModelExporter(schema);
        return summary -> exporter.export(summary.finalWeights(), summary.standardization(), facts(summary)).byName();
    }

    /** What the model's files say about its run; the training rows are those the agents declared in the last round. */
    static ModelFacts facts(RunSummary s) {
        Long trainRows = s.rounds().isEmpty() ? null
                : s.rounds().get(s.rounds().size() - 1).agentSamples().values().stream().mapToLong(Integer::longValue).sum();
        Metrics m = s.finalMetrics();
        var metrics = new LinkedHashMap<String, Double>();
        metrics.put("accuracy", m.accuracy());
        metrics.put("loss", m.loss());
        metrics.put("precision", m.precision());
        metrics.put("recall", m.recall());
        metrics.put("f1", m.f1());
        metrics.values().removeIf(v -> !Double.isFinite(v));
        PrivacySummary p = s.privacy();
        return new ModelFacts(s.runId(), Instant.now(), PMAD_VERSION, s.outcome().name(), s.strategy(), s.rounds().size(),
                s.agents().size(), p.mode(), p.epsilonSpent(), p.delta(), trainRows, m.n(), metrics);
    }

    /** A simulated federation: in-memory transport, the split and the data it was given. */
    static RunDescription simulated(PreparedData prepared, DataOptions options) {
        return simulated(prepared, options, "in-memory");
    }

    /** A federation in this JVM over {@code transport}, with the split and the data it was given. */
    static RunDescription simulated(PreparedData prepared, DataOptions options, String transport) {
        var params = new LinkedHashMap<String, String>();
        params.put("seed", Long.toString(options.seed));
        params.put("data", options.data.getFileName().toString());
        if (options.testData != null) params.put("test_data", options.testData.getFileName().toString());
        else params.put("test_fraction", Double.toString(options.testFraction));
        List<Path> files = options.testData != null ? List.of(options.data, options.testData) : List.of(options.data);
        return new RunDescription(PMAD_VERSION, transport, prepared.partition().toString(), fingerprint(files), params);
    }

    /** A deployed federation: each agent brings its own data, so there is no split to record. */
    static RunDescription service(String transport) {
        return RunDescription.of(PMAD_VERSION, transport);
    }

    /** SHA-256 over the files' bytes, in order: the same data gives the same fingerprint anywhere. */
    static String fingerprint(List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files + " to fingerprint it", e);
        }
    }
}
