package dev.pmad.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.agent.testing.RawOnnx;
import dev.pmad.agent.training.Softmax;
import dev.pmad.protocol.ModelShape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The model directory is an MLflow model: MLmodel parses as YAML with the onnx and pyfunc
 * flavors, its signature lists the raw columns and the outputs, its input example runs through
 * the ONNX graph; and the card states where the model comes from.
 */
class MlflowModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static MixedRows data;
    private static ModelFiles files;
    private static ModelFacts facts;

    @BeforeAll
    static void export() throws Exception {
        data = MixedRows.write(dir, 50, 3);
        facts = new ModelFacts("run-42", Instant.parse("2025-03-01T10:15:30Z"), "0.1.0", "COMPLETED", "newton", 10, 5,
                "record", 0.98, 1e-5, 26048L, 16281, Map.of("accuracy", 0.8528));
        files = new ModelExporter(MixedRows.SCHEMA).export(data.weights, data.standardization, facts);
    }

    private static Map<String, Object> mlmodel() {
        return new Yaml().load(new String(files.get(ModelFiles.MLMODEL_FILE), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @Test
    void mlmodel_hasTheOnnxAndPyfuncFlavors_overModelOnnx() {
        Map<String, Object> flavors = map(mlmodel().get("flavors"));
        Map<String, Object> onnx = map(flavors.get("onnx"));
        assertEquals("model.onnx", onnx.get("data"));
        assertEquals("1.8.0", onnx.get("onnx_version"));
        assertEquals(List.of("CPUExecutionProvider"), onnx.get("providers"));
        Map<String, Object> pyfunc = map(flavors.get("python_function"));
        assertEquals("mlflow.onnx", pyfunc.get("loader_module"));
        assertEquals("model.onnx", pyfunc.get("data"));
        assertEquals("2025-03-01 10:15:30.000000", mlmodel().get("utc_time_created"));
        Map<String, Object> metadata = map(mlmodel().get("metadata"));
        assertEquals("run-42", metadata.get("pmad_run_id"));
        assertEquals("newton", metadata.get("pmad_strategy"));
        assertEquals("0.98", metadata.get("pmad_epsilon_spent"));
    }

    @Test
    void signature_listsTheRawColumnsAndTheOutputs_asTensorsOfOneValuePerRow() throws Exception {
        Map<String, Object> signature = map(mlmodel().get("signature"));
        JsonNode inputs = JSON.readTree((String) signature.get("inputs"));
        var names = new ArrayList<String>();
        inputs.forEach(i -> names.add(i.get("name").asText() + ":" + i.at("/tensor-spec/dtype").asText()
                + i.at("/tensor-spec/shape")));
        assertEquals(List.of("age:float32[-1]", "colour:str[-1]", "income:float32[-1]", "city:str[-1]"), names);
        JsonNode outputs = JSON.readTree((String) signature.get("outputs"));
        var outs = new ArrayList<String>();
        outputs.forEach(o -> outs.add(o.get("name").asText() + ":" + o.at("/tensor-spec/dtype").asText()));
        assertEquals(List.of("prediction:str", "p_zeta:float32", "p_alpha:float32", "p_mid:float32"), outs);
        assertEquals("tensor", inputs.get(0).get("type").asText());
    }

    @Test
    void inputExample_isMadeUpFromTheSchema_andRunsThroughTheGraph_itsMissingRowScoringTheBiasAlone() throws Exception {
        JsonNode example = JSON.readTree(files.get(ModelFiles.INPUT_EXAMPLE_FILE));
        assertEquals("input_example.json", map(mlmodel().get("saved_input_example_info")).get("artifact_path"));
        var header = new ArrayList<String>();
        example.get("columns").forEach(c -> header.add(c.asText()));
        var rows = new ArrayList<List<String>>();
        for (JsonNode row : example.get("data")) {
            var fields = new ArrayList<String>();
            row.forEach(v -> fields.add(v.isNull() ? "" : v.asText()));
            rows.add(fields);
        }
        assertEquals(3, rows.size());
        assertEquals(List.of("", "", "", ""), rows.get(2));
        assertEquals("red", rows.get(0).get(1));
        Map<String, Object> out = RawOnnx.run(files.onnxModel(), MixedRows.SCHEMA, header, rows);
        var shape = new ModelShape(3, MixedRows.SCHEMA.encodedWidth());
        double[] biasOnly = new double[3];
        Softmax.probabilities(data.weights.toArray(), shape, new double[shape.features()], biasOnly);
        assertEquals(biasOnly[1], ((float[]) out.get("p_alpha"))[2], 1e-6);
    }

    @Test
    void modelCard_saysWhereTheModelComesFrom_andWhatItTakes() {
        String card = new String(files.get(ModelFiles.CARD_FILE), StandardCharsets.UTF_8);
        for (String fact : List.of("run-42", "2025-03-01 10:15 UTC", "`newton`", "epsilon spent 0.9800 at delta 1.000e-05",
                "26048", "16281", "final accuracy | 0.8528", "| age | numeric | clamped to [18, 90]",
                "| city | categorical | Paris, Lyon, Nice, Lille | one-hot |", "`zeta`, `alpha`, `mid`", "pmad predict")) {
            assertTrue(card.contains(fact), "expected '" + fact + "' in:\n" + card);
        }
        assertFalse(card.contains("no differential privacy"));
    }
}
