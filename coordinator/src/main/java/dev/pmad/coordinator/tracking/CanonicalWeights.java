package dev.pmad.coordinator.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.protocol.ModelShape;
import java.util.Map;

/**
 * The model writer used when none is wired in: the weights in PMAD's canonical layout, without
 * feature or class names (the coordinator has only the schema's fingerprint). Better than no
 * model at all; the command line wires the agent module's full exporter instead.
 */
final class CanonicalWeights implements ModelArtifactWriter {
    static final String FILE = "weights.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Map<String, byte[]> write(RunSummary s) throws JsonProcessingException {
        ModelShape shape = s.shape();
        double[] w = s.finalWeights().toArray();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "pmad-canonical-weights/1");
        root.put("runId", s.runId());
        root.put("layout", "weights[c][j]: class c (schema order), encoded feature j (schema order); bias[c] last;"
                + " inputs standardised with 'standardization' (numeric features, schema order)");
        ArrayNode rows = root.putArray("weights");
        ArrayNode bias = root.putArray("bias");
        for (int c = 0; c < shape.classes(); c++) {
            ArrayNode row = rows.addArray();
            for (int j = 0; j < shape.features(); j++) row.add(w[c * shape.rowLength() + j]);
            bias.add(w[c * shape.rowLength() + shape.features()]);
        }
        if (s.standardization() != null) {
            ObjectNode std = root.putObject("standardization");
            std.putPOJO("mean", s.standardization().mean().toArray());
            std.putPOJO("std", s.standardization().std().toArray());
        }
        return Map.of(FILE, JSON.writeValueAsBytes(root));
    }
}
