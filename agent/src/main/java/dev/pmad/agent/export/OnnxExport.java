package dev.pmad.agent.export;

import ai.onnx.proto.OnnxMl;
import dev.pmad.agent.data.Schema;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Tribuo's ONNX graph of a linear model, wrapped so that it speaks the schema's orders.
 *
 * <p>Tribuo numbers features by sorted name and labels by its own label map, so its plain
 * {@code exportONNXModel} expects columns in an order no user would guess. Two {@code Gather}
 * nodes around Tribuo's graph ({@code writeONNXGraph}) make the input the schema's encoded column
 * order ({@link Schema#encodedNames()}) and the output the schema's class order; both orders are
 * also written into the model's metadata ({@value #FEATURES_KEY}, {@value #CLASSES_KEY}).
 */
public final class OnnxExport {
    public static final String DOMAIN = "dev.pmad";
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";
    public static final String FEATURES_KEY = "pmad.features";
    public static final String CLASSES_KEY = "pmad.classes";
    public static final String INPUT_KEY = "pmad.input";
    static final String INPUT_NOTE = "standardised encoded features in pmad.features order: numeric (x - mean) / std"
            + " with the run's global statistics (missing = 0), categorical one-hot (missing = all zeros)";

    private OnnxExport() {}

    public static OnnxMl.ModelProto of(LinearSGDModel model, Schema schema, long modelVersion) {
        List<String> names = schema.encodedNames();
        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        int[] schemaColumnOfTribuoFeature = new int[featureMap.size()];
        for (int id = 0; id < featureMap.size(); id++) {
            schemaColumnOfTribuoFeature[id] = names.indexOf(featureMap.get(id).getName());
        }
        int[] tribuoLabelOfSchemaClass = schema.classes().stream()
                .mapToInt(c -> model.getOutputIDInfo().getID(new Label(c))).toArray();

        ONNXContext onnx = new ONNXContext();
        onnx.setName("pmad-linear-model");
        ONNXPlaceholder input = onnx.floatInput(INPUT, names.size());
        ONNXPlaceholder output = onnx.floatOutput(OUTPUT, schema.classes().size());
        ONNXNode tribuoInput = input.apply(ONNXOperators.GATHER,
                onnx.array("pmad_schema_to_tribuo_features", schemaColumnOfTribuoFeature), Map.of("axis", 1));
        ONNXNode tribuoProbabilities = model.writeONNXGraph(tribuoInput);
        tribuoProbabilities.apply(ONNXOperators.GATHER,
                onnx.array("pmad_tribuo_to_schema_classes", tribuoLabelOfSchemaClass), Map.of("axis", 1))
                .assignTo(output);
        return ONNXExportable.buildModel(onnx, DOMAIN, modelVersion, model).toBuilder()
                .addMetadataProps(entry(FEATURES_KEY, String.join("\n", names)))
                .addMetadataProps(entry(CLASSES_KEY, String.join("\n", schema.classes())))
                .addMetadataProps(entry(INPUT_KEY, INPUT_NOTE))
                .build();
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
