package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import picocli.CommandLine;

/**
 * A simulated federation on the demo data with tracking wired as the commands wire it, MLflow
 * absent: the runs directory gets the summary, the per-round metrics and the real model files
 * (Tribuo, ONNX, weights with the schema) from the agent module's exporter.
 */
class TrackingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withoutMlflow_theRunsDirectoryHoldsSummaryMetricsAndTheExportedModel(@TempDir Path runs) throws Exception {
        SimulateCommand options = CommandLine.populateCommand(new SimulateCommand(),
                "--data", RepoData.file(RepoData.BREAST_CANCER).toString(), "--agents", "3", "--rounds", "2",
                "--round-timeout", "PT1M");
        PreparedData prepared = PreparedData.load(options.data);
        var config = Federation.config(prepared, options.training, options.privacy, options.data.seed, options.roundTimeout);
        var problems = new CopyOnWriteArrayList<String>();
        var notices = new CopyOnWriteArrayList<String>();
        RunSummary summary;
        try (var federation = new Federation(prepared, config);
             var tracker = Tracking.attach(federation.coordinator(), prepared.schema(),
                     Tracking.simulated(prepared, options.data), Map.of("RUNS_DIR", runs.toString()), problems::add, notices::add)) {
            federation.start();
            summary = federation.run(2, Duration.ofMinutes(2));
            assertTrue(tracker.awaitIdle(Duration.ofMinutes(1)));
        }
        assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
        assertEquals(List.of(), problems);

        Path dir = runs.resolve(summary.runId());
        assertEquals(2, Files.readAllLines(dir.resolve("metrics.jsonl")).size());
        assertEquals("COMPLETED", JSON.readTree(dir.resolve("summary.json").toFile()).get("outcome").asText());
        JsonNode params = JSON.readTree(dir.resolve("params.json").toFile()).get("params");
        assertEquals("iid", params.get("partition").asText());
        assertEquals(64, params.get("data_fingerprint").asText().length());
        assertEquals(prepared.schema().fingerprint(), params.get("schema_fingerprint").asText());

        JsonNode weights = JSON.readTree(dir.resolve("model/weights.json").toFile());
        assertEquals(prepared.schema().encodedNames().size(), weights.get("features").size());
        assertEquals(summary.finalWeights().get(0), weights.get("weights").get(0).get(0).asDouble(), 0.0);
        assertEquals(prepared.schema().fingerprint(), weights.get("schemaFingerprint").asText());
        Model<Label> model = Model.deserializeFromFile(dir.resolve("model/model.tribuo")).castModel(Label.class);
        assertEquals(prepared.schema().encodedNames().size(), model.getFeatureIDMap().size());
        assertTrue(Files.size(dir.resolve("model/model.onnx")) > 0);
        for (String file : List.of("MLmodel", "input_example.json", "requirements.txt", "MODEL_CARD.md")) {
            assertTrue(Files.isRegularFile(dir.resolve("model").resolve(file)), file);
        }
        assertTrue(Files.readString(dir.resolve("model/MODEL_CARD.md")).contains("| training rows | 455"),
                "the card counts the rows the agents trained on");
        assertEquals(List.of("run " + summary.runId() + ": its files are in " + dir + ", its model in " + dir.resolve("model")
                + " (score rows with: pmad predict --model " + dir.resolve("model") + " --data F.csv)"), notices);
        var location = RunLocation.of(Map.of("RUNS_DIR", runs.toString()), summary.runId());
        assertEquals(dir, location.runDir());
        assertEquals(dir.resolve("model"), location.model());
    }
}
