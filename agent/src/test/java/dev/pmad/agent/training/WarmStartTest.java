package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tribuo has no public warm start; these tests show the global weights really are the start. */
class WarmStartTest {
    private static final Schema SCHEMA = new Schema("y", List.of("no", "yes"),
            List.of(FeatureSpec.numeric("u"), FeatureSpec.numeric("v"), FeatureSpec.numeric("w")));
    private static final ModelShape SHAPE = new ModelShape(2, 3);
    private static final double[][] X = new double[30][];
    private static final int[] Y = new int[30];

    static {
        var random = new SplittableRandom(4);
        for (int i = 0; i < X.length; i++) {
            X[i] = new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            Y[i] = X[i][0] + 0.5 * X[i][1] > 0 ? 1 : 0;
        }
    }

    private static double[] start(long seed) {
        return new SplittableRandom(seed).doubles(SHAPE.size(), -2, 2).toArray();
    }

    private static double[] train(double[] start, double learningRate) {
        var params = new TrainingParams(2, learningRate, 5, 8);
        return new TribuoTrainer(SCHEMA, X, Y).train(start, SHAPE, params, params.seed());
    }

    @Test
    void train_tinyLearningRate_returnsTheStart() {
        double[] start = start(1);
        assertArrayEquals(start, train(start, 1e-12), 1e-9);
    }

    @Test
    void train_differentStarts_differentResults() {
        double[] a = train(start(1), 0.05);
        double[] b = train(start(2), 0.05);
        double distance = 0;
        for (int k = 0; k < a.length; k++) distance = Math.max(distance, Math.abs(a[k] - b[k]));
        assertTrue(distance > 0.1, "results differ by at most " + distance);
    }

    @Test
    void train_fromStart_lowersLossOnTheTrainingData() {
        double[] start = start(3);
        double before = Softmax.meanLoss(start, SHAPE, X, Y);
        double after = Softmax.meanLoss(train(start, 0.5), SHAPE, X, Y);
        assertTrue(after < before, "loss " + before + " -> " + after);
    }
}
