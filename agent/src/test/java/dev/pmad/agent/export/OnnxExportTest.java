package dev.pmad.agent.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pmad.agent.data.CsvRows;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.testing.RawOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: ONNX Runtime, given raw rows (strings for categories, NaN for missing numbers),
 * gives Tribuo's probabilities to 1e-6, categorical and missing values included; the graph
 * encodes as the agents encoded.
 */
class OnnxExportTest {
    @TempDir
    static Path dir;
    private static MixedRows data;
    private static Path model;

    @BeforeAll
    static void export() throws Exception {
        data = MixedRows.write(dir, 400, 11);
        model = Files.createDirectories(dir.resolve("model"));
        var files = new ModelExporter(MixedRows.SCHEMA).export("run-mixed", data.weights, data.standardization);
        for (var file : files.byName().entrySet()) Files.write(model.resolve(file.getKey()), file.getValue());
    }

    @Test
    void onnxOnRawRows_givesTribuosProbabilities_categoricalAndMissingValuesIncluded() throws Exception {
        var tribuo = RawTribuoModel.load(model);
        var rows = new ArrayList<CsvRows.Row>();
        List<String> header;
        try (CsvRows csv = CsvRows.open(data.csv, MixedRows.SCHEMA, CsvRows.Use.SCORING)) {
            header = csv.header();
            for (CsvRows.Row row = csv.next(); row != null; row = csv.next()) rows.add(row);
        }
        Map<String, Object> onnx = RawOnnx.run(Files.readAllBytes(model.resolve(ModelFiles.ONNX_FILE)), MixedRows.SCHEMA,
                header, rows.stream().map(CsvRows.Row::fields).toList());

        double worst = 0;
        int missing = 0;
        String[] predicted = (String[]) onnx.get(OnnxExport.PREDICTION);
        for (int r = 0; r < rows.size(); r++) {
            CsvRows.Row row = rows.get(r);
            double[] expected = tribuo.probabilities(row.numeric(), row.categorical());
            for (int c = 0; c < expected.length; c++) {
                float[] p = (float[]) onnx.get(OnnxExport.probabilityOutput(MixedRows.SCHEMA.classes().get(c)));
                worst = Math.max(worst, Math.abs(expected[c] - p[r]));
            }
            assertEquals(MixedRows.SCHEMA.classes().get(ExportedModel.predicted(expected)), predicted[r], "row " + row.line());
            if (Double.isNaN(row.numeric()[0]) || Double.isNaN(row.numeric()[1]) || row.categorical()[0] < 0
                    || row.categorical()[1] < 0) {
                missing++;
            }
        }
        assertTrue(missing > 100, "rows with a missing value: " + missing);
        assertTrue(worst <= 1e-6, "largest probability difference ONNX vs Tribuo: " + worst);
    }

    @Test
    void exportedModel_scoresAsTribuo_andReadsBackTheWeightsBitForBit() {
        var exported = ExportedModel.load(model);
        var tribuo = RawTribuoModel.load(model);
        assertArrayEquals(data.weights.toArray(), exported.weights().toArray());
        assertEquals(data.standardization, exported.standardization());
        assertEquals(MixedRows.SCHEMA, exported.schema());
        for (int r = 0; r < data.table.size(); r++) {
            double[] mine = exported.probabilities(data.table.numeric()[r], data.table.categorical()[r]);
            assertArrayEquals(tribuo.probabilities(data.table.numeric()[r], data.table.categorical()[r]), mine, 1e-12);
        }
    }

    @Test
    void onnxModel_takesOneInputPerColumn_inSchemaOrder_andNamesItsOutputsAsPredictDoes() throws Exception {
        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.resolve(ModelFiles.ONNX_FILE).toString(),
                new OrtSession.SessionOptions())) {
            assertEquals(List.of("age", "colour", "income", "city"), List.copyOf(session.getInputNames()));
            assertEquals(List.of("prediction", "p_zeta", "p_alpha", "p_mid"), List.copyOf(session.getOutputNames()));
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals("zeta\nalpha\nmid", meta.get(OnnxExport.CLASSES_KEY));
            assertEquals(MixedRows.SCHEMA, Schema.fromJson(meta.get(OnnxExport.SCHEMA_KEY), "metadata"));
            assertEquals("run-mixed", meta.get("pmad.run_id"));
        }
    }

    @Test
    void onnxModel_clampsToTheDeclaredRange_andTreatsAnUnknownCategoryAsMissing() throws Exception {
        List<String> header = List.of("age", "colour", "income", "city");
        List<List<String>> rows = List.of(
                List.of("90", "purple", "1000", "Paris"), List.of("500", "", "1000", "Paris"),
                List.of("90", "?", "1000", "Paris"));
        Map<String, Object> out = RawOnnx.run(Files.readAllBytes(model.resolve(ModelFiles.ONNX_FILE)), MixedRows.SCHEMA,
                header, rows);
        float[] p = (float[]) out.get("p_zeta");
        assertEquals(p[0], p[1], 0f, "age 500 is clamped to 90, and 'purple' counts as missing like ''");
        assertEquals(p[0], p[2], 0f, "'?' is missing");
        var tribuo = RawTribuoModel.load(model);
        double expected = tribuo.probabilities(new double[] {90, 1000}, new int[] {-1, 0})[0];
        assertEquals(expected, p[0], 1e-6);
    }
}
