package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.agent.data.CsvRows;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.export.ExportedModel;
import dev.pmad.agent.export.ModelFiles;
import dev.pmad.agent.export.OnnxExport;
import dev.pmad.agent.export.RawTribuoModel;
import dev.pmad.agent.testing.RawOnnx;
import dev.pmad.cli.xmpp.PmadProcess;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model a user takes home, on UCI Adult (issue acceptance): {@code pmad simulate} with
 * RUNS_DIR set, in its own process as a user runs it, leaves a model directory with an MLmodel
 * and says where; {@code pmad predict} on the raw test file reproduces the run's final accuracy
 * exactly; ONNX Runtime on raw rows gives Tribuo's probabilities to 1e-6, categorical and
 * missing values included.
 */
class ExportedModelAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path runs;
    private static JsonNode run;
    private static String stderr;
    private static Path model;

    @BeforeAll
    static void simulateAdultWithRunsDirSet() throws Exception {
        runs = dir.resolve("runs");
        try (PmadProcess simulate = PmadProcess.start("simulate", Map.of("RUNS_DIR", runs.toString()), dir, "simulate",
                "--data", CliRunner.shared("adult_train.csv"), "--test-data", CliRunner.shared("adult_test.csv"),
                "--label", "label", "--json")) {
            assertEquals(0, simulate.awaitExit(Duration.ofMinutes(8)), simulate.tail(40));
            run = JSON.readTree(simulate.stdout());
            stderr = simulate.stderr();
        }
        model = Path.of(run.get("model").asText());
    }

    @Test
    void simulate_leavesAModelDirectoryWithMLmodelUnderRunsDir_andSaysWhereOnStderrAndInJson() {
        Path runDir = runs.resolve(run.get("runId").asText());
        assertEquals(runDir.toString(), run.get("runDir").asText());
        assertEquals(runDir.resolve("model"), model);
        for (String file : List.of(ModelFiles.MLMODEL_FILE, ModelFiles.ONNX_FILE, ModelFiles.TRIBUO_FILE,
                ModelFiles.WEIGHTS_FILE, ModelFiles.INPUT_EXAMPLE_FILE, ModelFiles.CARD_FILE)) {
            assertTrue(Files.isRegularFile(model.resolve(file)), file + " in " + model);
        }
        assertTrue(stderr.contains("its files are in " + runDir + ", its model in " + model), stderr);
    }

    @Test
    void predict_onTheRawTestFile_reproducesTheRunsFinalAccuracyExactly() throws IOException {
        Path predictions = dir.resolve("P.csv");
        var predict = CliRunner.run("predict", "--model", model.toString(), "--data", CliRunner.shared("adult_test.csv"),
                "--output", predictions.toString(), "--json");
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals(run.at("/final/accuracy").asDouble(), predict.json().get("accuracy").asDouble(), 0.0);
        assertEquals(run.at("/final/n").asLong(), predict.json().get("labelled").asLong());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals(16282, lines.size());
        assertTrue(lines.get(0).endsWith(",label,prediction,p_<=50K,p_>50K"), lines.get(0));
    }

    @Test
    void onnxRuntime_onRawRows_givesTribuosProbabilities_categoricalAndMissingValuesIncluded() throws Exception {
        Schema schema = ExportedModel.load(model).schema();
        Path holes = withMissingValues(Path.of(CliRunner.shared("adult_test.csv")), dir.resolve("holes.csv"), 4000);
        var tribuo = RawTribuoModel.load(model);
        var rows = new ArrayList<CsvRows.Row>();
        List<String> header;
        try (CsvRows csv = CsvRows.open(holes, schema, CsvRows.Use.SCORING)) {
            header = csv.header();
            for (CsvRows.Row row = csv.next(); row != null; row = csv.next()) rows.add(row);
        }
        Map<String, Object> onnx = RawOnnx.run(Files.readAllBytes(model.resolve(ModelFiles.ONNX_FILE)), schema, header,
                rows.stream().map(CsvRows.Row::fields).toList());

        double worst = 0;
        String[] predicted = (String[]) onnx.get(OnnxExport.PREDICTION);
        for (int r = 0; r < rows.size(); r++) {
            double[] expected = tribuo.probabilities(rows.get(r).numeric(), rows.get(r).categorical());
            for (int c = 0; c < expected.length; c++) {
                float[] p = (float[]) onnx.get(OnnxExport.probabilityOutput(schema.classes().get(c)));
                worst = Math.max(worst, Math.abs(expected[c] - p[r]));
            }
            // Float and double may only part ways on a tie.
            if (Math.abs(expected[0] - expected[1]) > 1e-5) {
                assertEquals(schema.classes().get(ExportedModel.predicted(expected)), predicted[r], "line " + rows.get(r).line());
            }
        }
        assertTrue(worst <= 1e-6, "largest probability difference ONNX vs Tribuo: " + worst);
    }

    /**
     * The first {@code count} rows of {@code source} with holes: every third row loses a numeric
     * field (empty), every fourth a categorical one ('?'), every fifth one more ('').
     */
    private static Path withMissingValues(Path source, Path target, int count) throws IOException {
        String[] numeric = {"age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"};
        String[] categorical = {"workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
                "native-country"};
        List<String> lines = Files.readAllLines(source);
        List<String> header = List.of(lines.get(0).split(","));
        try (Writer out = Files.newBufferedWriter(target);
             CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(out)) {
            for (int r = 1; r <= count; r++) {
                List<String> fields = new ArrayList<>(List.of(lines.get(r).split(",", -1)));
                if (r % 3 == 0) fields.set(header.indexOf(numeric[r % numeric.length]), "");
                if (r % 4 == 0) fields.set(header.indexOf(categorical[r % categorical.length]), "?");
                if (r % 5 == 0) fields.set(header.indexOf(categorical[(r + 3) % categorical.length]), "");
                printer.printRecord(fields);
            }
        }
        return target;
    }
}
