package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.export.ExportedModel;
import dev.pmad.agent.export.ModelExporter;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmad predict} on small hand-written files: what it writes, and the one-line errors (exit
 * 2, naming file, line and column) for rows that do not fit the model's schema.
 */
class PredictCommandTest {
    private static final Schema SCHEMA = new Schema("label", List.of("no", "yes"), List.of(
            FeatureSpec.numeric("age", 18, 90),
            FeatureSpec.categorical("colour", List.of("blue", "red"))));

    @TempDir
    Path dir;
    private Path model;

    @BeforeEach
    void exportAModel() throws IOException {
        model = Files.createDirectories(dir.resolve("model"));
        var files = new ModelExporter(SCHEMA).export("run-small",
                Weights.of(0.5, 1.0, -1.0, 0.1, -0.5, -1.0, 1.0, -0.1),
                new Standardization(Weights.of(40), Weights.of(10)));
        for (var file : files.byName().entrySet()) Files.write(model.resolve(file.getKey()), file.getValue());
    }

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private CliRunner.Result predict(String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "predict";
        args[1] = "--model";
        args[2] = model.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRunner.run(args);
    }

    private static void assertOneLineError(CliRunner.Result run, String... parts) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        for (String part : parts) assertTrue(run.err().contains(part), "expected '" + part + "' in: " + run.err());
    }

    @Test
    void predict_writesTheInputColumnsThenThePrediction_andOneProbabilityPerClass() throws IOException {
        Path data = csv("rows.csv", "id,colour,age\n1,red,30\n2,,\n3,blue,95\n");
        Path out = dir.resolve("p.csv");
        var run = predict("--data", data.toString(), "--output", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("id,colour,age,prediction,p_no,p_yes", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(2).startsWith("2,,,"), lines.get(2));
        var scorer = ExportedModel.load(model);
        double[] p = scorer.probabilities(new double[] {90}, new int[] {0});
        assertEquals("3,blue,95," + (p[1] > p[0] ? "yes" : "no") + "," + p[0] + "," + p[1], lines.get(3),
                "95 is clamped to the schema's 90, and the probabilities are written in full");
        assertTrue(run.out().contains("scored 3 rows"), run.out());
        assertFalse(run.out().contains("accuracy"), "no label column, no accuracy: " + run.out());
    }

    @Test
    void predict_withTheLabelColumn_printsTheAccuracyOverTheLabelledRows() throws IOException {
        Path data = csv("labelled.csv", "age,colour,label\n30,red,yes\n60,blue,\n20,blue,no\n");
        JsonNode json = predict("--data", data.toString(), "--json").json();
        var scorer = ExportedModel.load(model);
        int right = 0;
        if (ExportedModel.predicted(scorer.probabilities(new double[] {30}, new int[] {1})) == 1) right++;
        if (ExportedModel.predicted(scorer.probabilities(new double[] {20}, new int[] {0})) == 0) right++;
        assertEquals(3, json.get("rows").asInt());
        assertEquals(2, json.get("labelled").asInt());
        assertEquals(right / 2.0, json.get("accuracy").asDouble(), 0.0);
        assertEquals("run-small", json.get("runId").asText());
        assertTrue(json.get("output").isNull());
        assertEquals(3, json.at("/predicted/no").asInt() + json.at("/predicted/yes").asInt());
    }

    @Test
    void predict_withoutOutput_writesTheCsvToStdout_andTheSummaryToStderr() throws IOException {
        var run = predict("--data", csv("rows.csv", "age,colour\n30,red\n").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("age,colour,prediction,p_no,p_yes\n"), run.out());
        assertTrue(run.err().contains("scored 1 rows"), run.err());
    }

    @Test
    void aMissingColumn_isOneLine_namingFileLineAndColumn() throws IOException {
        Path data = csv("nocolour.csv", "age,label\n30,yes\n");
        assertOneLineError(predict("--data", data.toString()), "nocolour.csv:1: feature column 'colour' not found",
                "the header has age, label");
    }

    @Test
    void anUnknownCategory_isRefusedAsTheEncoderRefusesIt_namingFileLineAndColumn() throws IOException {
        Path data = csv("green.csv", "age,colour\n30,red\n41,green\n");
        Path out = dir.resolve("never.csv");
        assertOneLineError(predict("--data", data.toString(), "--output", out.toString()),
                "green.csv:3: column 'colour' (2): category 'green' is not in the schema's 2 categories",
                "leave the field empty to score it as missing");
        assertFalse(Files.exists(out), "no half-written predictions");
        assertEquals(List.of("green.csv", "model"), List.of(dir.toFile().list()).stream().sorted().toList(),
                "nor its temporary file");
    }

    @Test
    void aWordInANumericColumn_isAWrongType_namingFileLineAndColumn() throws IOException {
        Path data = csv("words.csv", "colour,age\nred,thirty\n");
        assertOneLineError(predict("--data", data.toString()),
                "words.csv:2: column 'age' (2): 'thirty' is not a number, but the schema says the feature is numeric");
    }

    @Test
    void aDirectoryWithoutAModel_saysWhatToPassInstead() throws IOException {
        Path data = csv("rows.csv", "age,colour\n30,red\n");
        var run = CliRunner.run("predict", "--model", dir.toString(), "--data", data.toString());
        assertOneLineError(run, "not a PMAD model directory", "runs/<run-id>/model");
    }

    @Test
    void aFileThatAlreadyHasAPredictionColumn_isRefused() throws IOException {
        Path data = csv("again.csv", "age,colour,prediction\n30,red,yes\n");
        assertOneLineError(predict("--data", data.toString()), "again.csv:1: the file already has a column 'prediction'");
    }
}
