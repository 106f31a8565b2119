package dev.pmad.agent.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;

/**
 * The model as plain JSON, for any language: {@code p = softmax(W x + b)} with {@code weights}
 * ({@code classes x features}) and {@code bias} in the schema's orders, the global standardisation
 * to apply to numeric inputs first, and the schema itself. Format {@value #FORMAT}.
 */
public final class WeightsJson {
    public static final String FORMAT = "pmad-linear-model/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WeightsJson() {}

    public static ObjectNode of(String runId, Schema schema, Weights weights, Standardization standardization) {
        ModelShape shape = TribuoLinearModel.shapeOf(schema);
        double[] w = weights.toArray();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("runId", runId);
        root.put("model", "multinomial logistic regression: p = softmax(weights . x + bias)");
        root.put("input", OnnxExport.INPUT_NOTE.replace("pmad.features", "'features'"));
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
}
