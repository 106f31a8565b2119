package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Partition;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo data end to end on one agent: split, global standardisation, local training, evaluation. */
class BreastCancerTrainingTest {

    @Test
    void oneAgent_trainsFromZeros_andScoresWellOnItsTestSplit() {
        Path file = RepoData.file(RepoData.BREAST_CANCER);
        Schema schema = SchemaInference.infer(List.of(file), "label");
        Table all = CsvLoader.load(file, schema);
        long seed = 17;
        int[][] parts = Partitioner.split(all.labels(), 2, 3, Partition.IID, seed);
        var stats = new ArrayList<FeatureStats>();
        Table train = null;
        Table test = null;
        for (int a = 0; a < parts.length; a++) {
            int[][] split = Partitioner.trainTest(parts[a], 0.25, seed, a);
            stats.add(FeatureEncoder.stats(all.select(split[0])));
            if (a == 0) {
                train = all.select(split[0]);
                test = all.select(split[1]);
            }
        }
        var encoder = new FeatureEncoder(schema, Standardization.combine(stats));
        var shape = new ModelShape(2, schema.encodedWidth());
        var params = new TrainingParams(5, 0.1, 8, seed);

        double[] w = new TribuoTrainer(schema, encoder.encode(train), train.labels())
                .train(new double[shape.size()], shape, params, seed);

        EvaluationCounts counts = EvaluationCounts.of(w, shape, encoder.encode(test), test.labels());
        assertEquals(test.size(), counts.n());
        double accuracy = (counts.confusion()[0] + counts.confusion()[3]) / (double) counts.n();
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
        assertTrue(counts.lossSum() / counts.n() < Math.log(2), "mean loss " + counts.lossSum() / counts.n());
    }
}
