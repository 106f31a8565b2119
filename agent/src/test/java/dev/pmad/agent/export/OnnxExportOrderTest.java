package dev.pmad.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.training.Softmax;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ONNX model speaks the schema's orders even where Tribuo's differ: features whose names do
 * not sort in schema order, one-hot columns, classes not in alphabetical order. Checked against
 * PMAD's own scoring of the canonical weights.
 */
class OnnxExportOrderTest {

    @Test
    void onnxInputAndOutput_followTheSchema_notTribuosIds() throws Exception {
        var schema = new Schema("label", List.of("zeta", "alpha", "mid"), List.of(
                new FeatureSpec("weight", FeatureSpec.NUMERIC, null),
                new FeatureSpec("colour", FeatureSpec.CATEGORICAL, List.of("red", "blue", "green")),
                new FeatureSpec("age", FeatureSpec.NUMERIC, null)));
        var shape = new ModelShape(3, schema.encodedWidth());
        var random = new SplittableRandom(7);
        double[] w = random.doubles(shape.size(), -2, 2).toArray();
        var standardization = new Standardization(Weights.of(0, 0), Weights.of(1, 1));
        var files = new ModelExporter(schema).export("run-order", Weights.of(w), standardization, Map.of());

        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(files.onnxModel(), new OrtSession.SessionOptions())) {
            for (int i = 0; i < 50; i++) {
                double[] x = {random.nextDouble(-3, 3), 0, 0, 0, random.nextDouble(-3, 3)};
                x[1 + random.nextInt(3)] = 1;
                float[][] input = {new float[x.length]};
                for (int j = 0; j < x.length; j++) {
                    input[0][j] = (float) x[j];
                    x[j] = input[0][j]; // score exactly what ONNX sees
                }
                double[] expected = new double[3];
                Softmax.probabilities(w, shape, x, expected);
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, input);
                     OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
                    float[] p = ((float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue())[0];
                    for (int c = 0; c < 3; c++) assertEquals(expected[c], p[c], 1e-6, "row " + i + " class " + c);
                }
            }
        }
    }
}
