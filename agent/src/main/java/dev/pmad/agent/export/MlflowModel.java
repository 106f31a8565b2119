package dev.pmad.agent.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.Standardization;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files that make a model directory an MLflow model (MLflow's "MLmodel format"), so that
 * {@code mlflow.pyfunc.load_model(dir)} and {@code mlflow models serve} take it as it is:
 * {@code MLmodel} with the {@code onnx} and {@code python_function} flavors over
 * {@code model.onnx}, a signature of the raw input columns and of the outputs, and PMAD's run
 * facts as metadata; {@code input_example.json}; {@code requirements.txt}.
 *
 * <p>The signature is tensor-based (each column a {@code [-1]} tensor of {@code float32} or
 * {@code str}), as MLflow infers it for an ONNX model: MLflow then casts a DataFrame's integer and
 * float64 columns to float32, where a column-based signature would refuse a column of int64.
 *
 * <p>The input example is made up from the schema (numeric features at their mean, categories in
 * turn, one row of missing values), never taken from anyone's rows: a model directory goes to
 * MLflow and to users, and no record may leave its agent.
 *
 * <p>YAML is written by hand, with every string double-quoted as JSON quotes it (JSON strings are
 * YAML double-quoted scalars), to avoid a YAML library for one small file.
 */
final class MlflowModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private MlflowModel() {}

    static Map<String, byte[]> files(Schema schema, Standardization standardization, ModelFacts facts) {
        var files = new LinkedHashMap<String, byte[]>();
        files.put(ModelFiles.MLMODEL_FILE, utf8(mlmodel(schema, facts)));
        files.put(ModelFiles.INPUT_EXAMPLE_FILE, utf8(json(inputExample(schema, standardization))));
        // Unpinned: the graph needs only ONNX 1.8 operator sets, which every current release runs.
        files.put(ModelFiles.REQUIREMENTS_FILE, utf8("mlflow\nonnx\nonnxruntime\n"));
        return files;
    }

    static String mlmodel(Schema schema, ModelFacts facts) {
        var y = new StringBuilder();
        y.append("artifact_path: model\n");
        y.append("flavors:\n");
        y.append("  onnx:\n");
        y.append("    code: null\n");
        y.append("    data: ").append(quote(ModelFiles.ONNX_FILE)).append('\n');
        y.append("    onnx_version: ").append(quote(OnnxExport.ONNX_VERSION)).append('\n');
        y.append("    providers:\n");
        y.append("    - CPUExecutionProvider\n");
        y.append("  python_function:\n");
        y.append("    data: ").append(quote(ModelFiles.ONNX_FILE)).append('\n');
        y.append("    loader_module: mlflow.onnx\n");
        y.append("metadata:\n");
        var metadata = new LinkedHashMap<String, String>();
        metadata.put("pmad_format", WeightsJson.FORMAT);
        metadata.put("pmad_schema_fingerprint", schema.fingerprint());
        facts.asStrings().forEach((k, v) -> metadata.put("pmad_" + k, v));
        metadata.forEach((k, v) -> y.append("  ").append(k).append(": ").append(quote(v)).append('\n'));
        y.append("saved_input_example_info:\n");
        y.append("  artifact_path: ").append(quote(ModelFiles.INPUT_EXAMPLE_FILE)).append('\n');
        y.append("  pandas_orient: split\n");
        y.append("  type: dataframe\n");
        y.append("signature:\n");
        y.append("  inputs: ").append(quote(json(inputs(schema)))).append('\n');
        y.append("  outputs: ").append(quote(json(outputs(schema)))).append('\n');
        y.append("  params: null\n");
        y.append("utc_time_created: ").append(quote(UTC_TIME.format(facts.created()))).append('\n');
        return y.toString();
    }

    private static ArrayNode inputs(Schema schema) {
        ArrayNode inputs = JSON.createArrayNode();
        for (FeatureSpec f : schema.features()) inputs.add(tensor(f.name(), f.isNumeric() ? "float32" : "str"));
        return inputs;
    }

    private static ArrayNode outputs(Schema schema) {
        ArrayNode outputs = JSON.createArrayNode();
        outputs.add(tensor(OnnxExport.PREDICTION, "str"));
        for (String c : schema.classes()) outputs.add(tensor(OnnxExport.probabilityOutput(c), "float32"));
        return outputs;
    }

    private static ObjectNode tensor(String name, String dtype) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("type", "tensor");
        spec.putObject("tensor-spec").put("dtype", dtype).putArray("shape").add(-1);
        spec.put("name", name);
        return spec;
    }

    /**
     * Three made-up rows in pandas' "split" orientation: means and first categories; one standard
     * deviation up and the next categories; all missing.
     */
    static ObjectNode inputExample(Schema schema, Standardization standardization) {
        ObjectNode example = JSON.createObjectNode();
        ArrayNode columns = example.putArray("columns");
        schema.features().forEach(f -> columns.add(f.name()));
        ArrayNode data = example.putArray("data");
        for (int row = 0; row < 3; row++) {
            ArrayNode values = data.addArray();
            int n = 0;
            for (FeatureSpec f : schema.features()) {
                if (row == 2) {
                    if (f.isNumeric()) values.addNull();
                    else values.add("");
                } else if (f.isNumeric()) {
                    double v = standardization.mean().get(n) + row * standardization.std().get(n);
                    values.add(f.clamp(v));
                } else {
                    values.add(f.categories().get(row % f.categories().size()));
                }
                if (f.isNumeric()) n++;
            }
        }
        return example;
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
