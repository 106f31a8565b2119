package dev.pmad.agent.export;

import static dev.pmad.agent.export.OnnxGraph.attribute;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model as one ONNX graph over the schema's raw columns: everything the agents did to a row
 * before training happens inside it, so a consumer needs no PMAD code and no statistics.
 *
 * <p><b>Inputs</b>: one per feature, named as its column, one value per row ({@code [N]}):
 * numeric columns as {@code float} with {@code NaN} for a missing value, categorical columns as
 * trimmed {@code string}s. One input per column (rather than one matrix) because columns of
 * different types cannot share a tensor, and because MLflow's ONNX flavor feeds a DataFrame to a
 * multi-input model column by column.
 *
 * <p><b>Inside</b>, as {@code FeatureEncoder} and {@code CsvLoader} do it: a numeric value is
 * clamped to the schema's range when it declares one, standardised with the run's global mean and
 * standard deviation, and a missing one becomes 0 (the mean); a categorical value is one-hot
 * encoded in the schema's category order (ONNX-ML {@code OneHotEncoder}), and a missing or
 * unknown one becomes all zeros. Then {@code softmax(x W + b)}.
 *
 * <p><b>Outputs</b>: {@value #PREDICTION} (the class name, {@code string [N]}) and one
 * probability per class, {@code p_<class>} ({@code float [N]}), as {@code pmad predict} writes
 * them. One output per class rather than an {@code [N, classes]} matrix because MLflow's pyfunc
 * turns each output into one DataFrame column of N rows.
 *
 * <p>Differences from {@code pmad predict}: the graph computes in 32-bit floats (probabilities
 * agree to about 1e-7), and it cannot refuse a row, so a category the schema does not list counts
 * as missing where {@code pmad predict} stops with an error.
 */
public final class OnnxExport {
    public static final String PREDICTION = "prediction";
    public static final String PROBABILITY_PREFIX = "p_";
    public static final String CLASSES_KEY = "pmad.classes";
    public static final String SCHEMA_KEY = "pmad.schema";
    /** Operator sets of ONNX 1.8 (IR version 7), which every ONNX Runtime since 1.6 runs. */
    static final int OPSET = 13;
    static final int ML_OPSET = 1;
    static final int IR_VERSION = 7;
    /** The ONNX release of {@link #OPSET}: MLflow's {@code onnx_version}. */
    static final String ONNX_VERSION = "1.8.0";

    private OnnxExport() {}

    /** The output holding the probability of {@code className}. */
    public static String probabilityOutput(String className) {
        return PROBABILITY_PREFIX + className;
    }

    /**
     * @param weights  PMAD's canonical layout: one row of {@code features + 1} per class, bias last
     * @param metadata facts written into the model's metadata (run id, ...)
     */
    public static OnnxMl.ModelProto of(Schema schema, Standardization standardization, Weights weights,
                                       Map<String, String> metadata) {
        checkNames(schema);
        var g = new OnnxGraph("pmad-raw-rows");
        List<FeatureSpec> numeric = schema.features().stream().filter(FeatureSpec::isNumeric).toList();
        for (FeatureSpec f : schema.features()) {
            if (f.isNumeric()) g.input(f.name(), DataType.FLOAT, numericDoc(f, standardization, numeric.indexOf(f)));
            else g.input(f.name(), DataType.STRING, "categorical: one of " + f.categories()
                    + " (trimmed); anything else, '' or '?' included, is missing (all zeros)");
        }
        // The encoded row in graph order: the numeric block first, then each one-hot block.
        List<String> blocks = new ArrayList<>();
        if (!numeric.isEmpty()) blocks.add(numericBlock(g, numeric, standardization));
        for (FeatureSpec f : schema.features()) {
            if (!f.isNumeric()) {
                blocks.add(g.node("OneHotEncoder", OnnxGraph.ML_DOMAIN, List.of(f.name()), null,
                        attribute("cats_strings", f.categories()), attribute("zeros", 1)));
            }
        }
        String encoded = blocks.size() == 1 ? blocks.get(0) : g.op("Concat", blocks, attribute("axis", 1));
        String probabilities = g.op("Softmax", List.of(linear(g, encoded, schema, weights)), attribute("axis", 1));

        String best = g.op("ArgMax", List.of(probabilities), attribute("axis", 1), attribute("keepdims", 0));
        g.output(PREDICTION, DataType.STRING, "the most probable class",
                g.op("Gather", List.of(g.strings("classes", schema.classes()), best), attribute("axis", 0)));
        for (int c = 0; c < schema.classes().size(); c++) {
            String name = schema.classes().get(c);
            String column = g.op("Gather", List.of(probabilities, g.longs("class_" + c, new long[] {c})), attribute("axis", 1));
            g.output(probabilityOutput(name), DataType.FLOAT, "probability of class '" + name + "'", column);
        }
        return model(g.build(), schema, metadata);
    }

    /** {@code encoded W + b}, with W's rows in the graph's column order. */
    private static String linear(OnnxGraph g, String encoded, Schema schema, Weights weights) {
        var shape = new ModelShape(schema.classes().size(), schema.encodedWidth());
        int[] order = graphOrder(schema);
        int width = shape.features();
        int classes = shape.classes();
        double[] w = weights.toArray();
        float[] matrix = new float[width * classes];
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < width; i++) matrix[i * classes + c] = (float) w[c * shape.rowLength() + order[i]];
            bias[c] = (float) w[c * shape.rowLength() + width];
        }
        return g.op("Gemm", List.of(encoded, g.floats("weights", matrix, width, classes), g.floats("bias", bias, classes)));
    }

    /** For each column of the graph's encoded row, the schema's encoded column (the weight index) it holds. */
    private static int[] graphOrder(Schema schema) {
        var order = new ArrayList<Integer>();
        int column = 0;
        for (FeatureSpec f : schema.features()) {
            if (f.isNumeric()) order.add(column);
            column += f.width();
        }
        column = 0;
        for (FeatureSpec f : schema.features()) {
            if (!f.isNumeric()) for (int k = 0; k < f.width(); k++) order.add(column + k);
            column += f.width();
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Numeric inputs as one {@code [N, k]} block: clamped, standardised, missing values 0. */
    private static String numericBlock(OnnxGraph g, List<FeatureSpec> numeric, Standardization standardization) {
        int k = numeric.size();
        float[] lo = new float[k];
        float[] hi = new float[k];
        float[] mean = new float[k];
        float[] std = new float[k];
        List<String> columns = new ArrayList<>();
        String axis1 = g.longs("axis_1", new long[] {1}, 1);
        for (int i = 0; i < k; i++) {
            FeatureSpec f = numeric.get(i);
            lo[i] = f.hasRange() ? f.min().floatValue() : Float.NEGATIVE_INFINITY;
            hi[i] = f.hasRange() ? f.max().floatValue() : Float.POSITIVE_INFINITY;
            mean[i] = (float) standardization.mean().get(i);
            std[i] = (float) standardization.std().get(i);
            columns.add(g.op("Unsqueeze", List.of(f.name(), axis1)));
        }
        String raw = columns.size() == 1 ? columns.get(0) : g.op("Concat", columns, attribute("axis", 1));
        String clamped = g.op("Max", List.of(g.op("Min", List.of(raw, g.floats("max", hi, k))), g.floats("min", lo, k)));
        String standardised = g.op("Div", List.of(g.op("Sub", List.of(clamped, g.floats("mean", mean, k))),
                g.floats("std", std, k)));
        return g.op("Where", List.of(g.op("IsNaN", List.of(raw)), g.floats("zero", new float[] {0}), standardised));
    }

    private static String numericDoc(FeatureSpec f, Standardization standardization, int i) {
        return "numeric: NaN is missing (becomes the mean)"
                + (f.hasRange() ? "; clamped to [" + f.min() + ", " + f.max() + "]" : "")
                + "; standardised with mean " + standardization.mean().get(i) + " and std " + standardization.std().get(i);
    }

    private static OnnxMl.ModelProto model(OnnxMl.GraphProto graph, Schema schema, Map<String, String> metadata) {
        var model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("pmad")
                .setDomain("dev.pmad")
                .setModelVersion(1)
                .setDocString("Multinomial logistic regression trained by a PMAD federation, on raw rows: one input per"
                        + " schema column, preprocessing inside, outputs 'prediction' and 'p_<class>'.")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(OnnxGraph.ML_DOMAIN).setVersion(ML_OPSET))
                .setGraph(graph);
        model.addMetadataProps(entry(CLASSES_KEY, String.join("\n", schema.classes())));
        model.addMetadataProps(entry(SCHEMA_KEY, schema.toJson()));
        metadata.forEach((k, v) -> model.addMetadataProps(entry(k, v)));
        return model.build();
    }

    /** Input and output names share one namespace in ONNX. */
    private static void checkNames(Schema schema) {
        for (FeatureSpec f : schema.features()) {
            boolean clash = f.name().equals(PREDICTION)
                    || schema.classes().stream().anyMatch(c -> probabilityOutput(c).equals(f.name()));
            if (clash) {
                throw new IllegalArgumentException("feature '" + f.name() + "' has the name of an output of the ONNX model;"
                        + " rename the column in the schema and the data");
            }
        }
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
