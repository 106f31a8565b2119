package dev.pmad.cli.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.run.SummaryJson;
import dev.pmad.dashboard.port.ModelFile;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Weights;
import java.util.List;

/**
 * The final model of a run as one self-describing JSON file: the weights per class (bias last),
 * the feature and class names that give them meaning, the global standardisation the model
 * expects its numeric inputs to have gone through, and the run's summary (metrics, privacy).
 */
final class ModelExport {
    static final String FORMAT = "pmad-logistic-regression/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelExport() {}

    static ModelFile of(RunSummary summary, List<String> classes, List<String> features) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode model = root.putObject("model");
        model.put("format", FORMAT);
        model.put("runId", summary.runId());
        model.put("outcome", summary.outcome().name());
        ModelShape shape = summary.shape();
        model.putObject("shape").put("classes", shape.classes()).put("features", shape.features());
        ArrayNode classNames = model.putArray("classes");
        classes.forEach(classNames::add);
        ArrayNode featureNames = model.putArray("features");
        features.forEach(featureNames::add);
        ArrayNode weights = model.putArray("weights");
        double[] flat = summary.finalWeights().toArray();
        for (int c = 0; c < shape.classes(); c++) {
            ArrayNode row = weights.addArray();
            for (int j = 0; j < shape.rowLength(); j++) row.add(flat[c * shape.rowLength() + j]);
        }
        if (summary.standardization() != null) {
            ObjectNode standardization = model.putObject("standardization");
            array(standardization.putArray("mean"), summary.standardization().mean());
            array(standardization.putArray("std"), summary.standardization().std());
        } else {
            model.putNull("standardization");
        }
        root.set("run", SummaryJson.toJson(summary));
        try {
            return new ModelFile("pmad-model-" + summary.runId() + ".json", "application/json",
                    JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the model of " + summary.runId(), e);
        }
    }

    private static void array(ArrayNode node, Weights values) {
        for (int i = 0; i < values.size(); i++) node.add(values.get(i));
    }
}
