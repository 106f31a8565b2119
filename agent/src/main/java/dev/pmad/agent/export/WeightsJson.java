package dev.pmad.agent.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.io.IOException;

/**
 * The model as plain JSON, for any language: {@code p = softmax(W x + b)} with {@code weights}
 * ({@code classes x features}) and {@code bias} in the schema's orders, the global standardisation
 * to apply to numeric inputs first, and the schema itself. Format {@value #FORMAT}.
 *
 * <p>Numbers are written as Java's shortest round-tripping decimals, so reading the file back
 * ({@link #read}) gives the federation's weights and statistics bit for bit.
 */
public final class WeightsJson {
    public static final String FORMAT = "pmad-linear-model/1";
    static final String INPUT_NOTE = "x: the encoded features in 'features' order: a numeric value clamped to the schema's"
            + " range, then (x - mean) / std with 'standardization' (missing = 0); a categorical one one-hot in the schema's"
            + " category order (missing = all zeros). model.onnx does all of this itself on raw columns.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WeightsJson() {}

    public static ObjectNode of(String runId, Schema schema, Weights weights, Standardization standardization) {
        ModelShape shape = TribuoLinearModel.shapeOf(schema);
        double[] w = weights.toArray();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("runId", runId);
        root.put("model", "multinomial logistic regression: p = softmax(weights . x + bias)");
        root.put("input", INPUT_NOTE);
        root.putPOJO("classes", schema.classes());
        root.putPOJO("features", schema.encodedNames());
        ArrayNode rows = root.putArray("weights");
        ArrayNode bias = root.putArray("bias");
        for (int c = 0; c < shape.classes(); c++) {
            ArrayNode row = rows.addArray();
            for (int j = 0; j < shape.features(); j++) row.add(w[c * shape.rowLength() + j]);
            bias.add(w[c * shape.rowLength() + shape.features()]);
        }
        ObjectNode std = root.putObject("standardization");
        std.putPOJO("features", schema.features().stream().filter(FeatureSpec::isNumeric).map(FeatureSpec::name).toList());
        std.putPOJO("mean", standardization.mean().toArray());
        std.putPOJO("std", standardization.std().toArray());
        root.put("schemaFingerprint", schema.fingerprint());
        try {
            root.set("schema", JSON.readTree(schema.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema did not serialise to JSON", e);
        }
        return root;
    }

    public static byte[] bytes(ObjectNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a file {@link #of} wrote; {@code source} names it in error messages. */
    public static ExportedModel read(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new DataException(source + ": not JSON (" + e.getMessage() + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new DataException(source + ": not a PMAD model (expected \"format\": \"" + FORMAT + "\")");
        }
        Schema schema = Schema.fromJson(root.path("schema").toString(), source + " (schema)");
        ModelShape shape = TribuoLinearModel.shapeOf(schema);
        double[] w = new double[shape.size()];
        JsonNode rows = root.path("weights");
        JsonNode bias = root.path("bias");
        if (rows.size() != shape.classes() || bias.size() != shape.classes()) {
            throw new DataException(source + ": " + rows.size() + " weight rows and " + bias.size() + " biases for "
                    + shape.classes() + " classes");
        }
        for (int c = 0; c < shape.classes(); c++) {
            JsonNode row = rows.get(c);
            if (row.size() != shape.features()) {
                throw new DataException(source + ": weight row " + c + " has " + row.size() + " values, the schema encodes "
                        + shape.features() + " features");
            }
            for (int j = 0; j < shape.features(); j++) w[c * shape.rowLength() + j] = row.get(j).asDouble();
            w[c * shape.rowLength() + shape.features()] = bias.get(c).asDouble();
        }
        JsonNode std = root.path("standardization");
        var standardization = new Standardization(Weights.of(numbers(std.path("mean"))), Weights.of(numbers(std.path("std"))));
        if (standardization.mean().size() != schema.numericCount()) {
            throw new DataException(source + ": standardization for " + standardization.mean().size()
                    + " features, the schema has " + schema.numericCount() + " numeric ones");
        }
        return new ExportedModel(root.path("runId").asText(), schema, standardization, Weights.of(w));
    }

    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }
}
