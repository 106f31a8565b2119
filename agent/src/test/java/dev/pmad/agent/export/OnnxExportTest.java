package dev.pmad.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Partition;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.agent.training.Softmax;
import dev.pmad.agent.training.TribuoTrainer;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Acceptance 3: the exported ONNX model, run by ONNX Runtime, gives the Tribuo model's class
 * probabilities on the demo data's test rows to 1e-6, and the Tribuo model is the federation's.
 */
class OnnxExportTest {
    private static Schema schema;
    private static Weights weights;
    private static Standardization standardization;
    private static double[][] testRows;
    private static ModelFiles files;

    /**
     * The demo split ({@code pmad demo}'s defaults: 5 IID agents, seed 42, 20 % local test rows) and a
     * model trained on the union of the training rows.
     */
    @BeforeAll
    static void trainAndExport() {
        Path file = RepoData.file(RepoData.BREAST_CANCER);
        schema = SchemaInference.infer(List.of(file), "label");
        Table all = CsvLoader.load(file, schema);
        long seed = 42;
        int[][] parts = Partitioner.split(all.labels(), schema.classes().size(), 5, Partition.IID, seed);
        var stats = new ArrayList<FeatureStats>();
        Table train = null;
        Table test = null;
        for (int a = 0; a < parts.length; a++) {
            int[][] split = Partitioner.trainTest(parts[a], 0.2, seed, a);
            Table agentTrain = all.select(split[0]);
            stats.add(FeatureEncoder.stats(agentTrain));
            train = train == null ? agentTrain : train.concat(agentTrain);
            test = test == null ? all.select(split[1]) : test.concat(all.select(split[1]));
        }
        standardization = Standardization.combine(stats);
        var encoder = new FeatureEncoder(schema, standardization);
        var shape = new ModelShape(schema.classes().size(), schema.encodedWidth());
        double[] w = new TribuoTrainer(schema, encoder.encode(train), train.labels())
                .train(new double[shape.size()], shape, new TrainingParams(5, 0.1, 8, seed), seed);
        weights = Weights.of(w);
        testRows = encoder.encode(test);
        files = new ModelExporter(schema).export("run-test", weights, standardization, Map.of("rounds", "5"));
    }

    @Test
    void onnxModel_givesTheTribuoModelsProbabilities_onTheDemoTestRows() throws Exception {
        Model<?> tribuo = Model.deserializeFromStream(new ByteArrayInputStream(files.tribuoModel()));
        Model<Label> model = tribuo.castModel(Label.class);
        List<String> names = schema.encodedNames();
        String[] nameArray = names.toArray(String[]::new);

        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(files.onnxModel(), new OrtSession.SessionOptions())) {
            float[][] input = new float[testRows.length][];
            for (int i = 0; i < testRows.length; i++) {
                input[i] = new float[names.size()];
                for (int j = 0; j < names.size(); j++) input[i][j] = (float) testRows[i][j];
            }
            float[][] onnx;
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input);
                 OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
                onnx = (float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
            }
            double worst = 0;
            for (int i = 0; i < testRows.length; i++) {
                Prediction<Label> p = model.predict(new ArrayExample<>(new Label(""), nameArray, testRows[i].clone()));
                for (int c = 0; c < schema.classes().size(); c++) {
                    double expected = p.getOutputScores().get(schema.classes().get(c)).getScore();
                    worst = Math.max(worst, Math.abs(expected - onnx[i][c]));
                }
            }
            assertTrue(testRows.length > 100, "demo test rows: " + testRows.length);
            assertTrue(worst <= 1e-6, "largest probability difference ONNX vs Tribuo: " + worst);
        }
    }

    @Test
    void tribuoModel_holdsExactlyTheFederationsWeights() throws Exception {
        Model<Label> model = Model.deserializeFromStream(new ByteArrayInputStream(files.tribuoModel()))
                .castModel(Label.class);
        var shape = new ModelShape(schema.classes().size(), schema.encodedWidth());
        String[] names = schema.encodedNames().toArray(String[]::new);
        double[] expected = new double[shape.classes()];
        for (double[] row : testRows) {
            Softmax.probabilities(weights.toArray(), shape, row, expected);
            Prediction<Label> p = model.predict(new ArrayExample<>(new Label(""), names, row.clone()));
            for (int c = 0; c < shape.classes(); c++) {
                assertEquals(expected[c], p.getOutputScores().get(schema.classes().get(c)).getScore(), 1e-12);
            }
        }
        String runFacts = model.getProvenance().getInstanceProvenance().toString();
        assertTrue(runFacts.contains("run-test") && runFacts.contains("rounds"), runFacts);
    }

    @Test
    void onnxModel_namesItsInputOrderAndClassOrder_inMetadata() throws Exception {
        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(files.onnxModel(), new OrtSession.SessionOptions())) {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals(String.join("\n", schema.encodedNames()), meta.get(OnnxExport.FEATURES_KEY));
            assertEquals(String.join("\n", schema.classes()), meta.get(OnnxExport.CLASSES_KEY));
            assertEquals(List.of(OnnxExport.INPUT), List.copyOf(session.getInputNames()));
            assertEquals(List.of(OnnxExport.OUTPUT), List.copyOf(session.getOutputNames()));
        }
    }
}
