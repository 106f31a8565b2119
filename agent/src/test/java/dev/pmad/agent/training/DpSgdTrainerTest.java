package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpSgdTrainerTest {
    private static final ModelShape SHAPE = new ModelShape(2, 2);
    private static final double[][] X = new double[20][];
    private static final int[] Y = new int[20];

    static {
        var random = new SplittableRandom(9);
        for (int i = 0; i < X.length; i++) {
            X[i] = new double[] {3 * random.nextGaussian(), 3 * random.nextGaussian()};
            Y[i] = X[i][0] > 0 ? 1 : 0;
        }
    }

    private static double[] train(double clip, double noiseMultiplier, long noiseSeed, TrainingParams params) {
        return new DpSgdTrainer(X, Y, clip, noiseMultiplier, RandomSources.seededDrbg(noiseSeed))
                .train(new double[SHAPE.size()], SHAPE, params, params.seed());
    }

    private static double l2(double[] v) {
        return Math.sqrt(Arrays.stream(v).map(a -> a * a).sum());
    }

    @Test
    void kind_isDpSgd() {
        assertEquals("dp-sgd", new DpSgdTrainer(X, Y, 1, 1, RandomSources.seededDrbg(1)).kind());
    }

    @Test
    void train_hugeNoise_endsFarFromStart() {
        double[] w = train(1, 1e6, 1, new TrainingParams(1, 0.1, 5, 1));
        assertTrue(l2(w) > 1e3, "moved only " + l2(w));
    }

    @Test
    void train_seededDrbg_isDeterministic() {
        var params = new TrainingParams(2, 0.1, 5, 1);
        assertArrayEquals(train(1, 1.1, 42, params), train(1, 1.1, 42, params), 0);
        assertFalse(Arrays.equals(train(1, 1.1, 42, params), train(1, 1.1, 43, params)));
    }

    @Test
    void train_oneFullBatchStep_changeBoundedByLearningRateTimesClip() {
        // q = 1: every row is sampled, one step, expected batch = n. Each clipped gradient has
        // norm <= C, so their sum over n rows divided by n has norm <= C.
        double lr = 0.3;
        double clip = 1e-3;
        double[] w = train(clip, 1e-9, 5, new TrainingParams(1, lr, X.length, 1));
        assertTrue(l2(w) <= lr * clip * (1 + 1e-9) + 1e-12, "moved " + l2(w));
        for (double v : w) assertTrue(Math.abs(v) <= lr * clip + 1e-12, "coordinate moved " + v);
        assertTrue(l2(w) > 0.1 * lr * clip, "barely moved: " + l2(w));
    }

    @Test
    void train_identicalRows_stepIsExactlyLearningRateTimesClip() {
        // All gradients point the same way and exceed the clip, so the mean clipped gradient has
        // norm exactly C: dividing by the expected batch size, not a realised one, shows here.
        double[][] x = new double[10][];
        Arrays.fill(x, new double[] {50, -20});
        int[] y = new int[10];
        double lr = 0.2;
        double clip = 0.5;
        double[] w = new DpSgdTrainer(x, y, clip, 1e-9, RandomSources.seededDrbg(3))
                .train(new double[SHAPE.size()], SHAPE, new TrainingParams(1, lr, 10, 1), 1);
        assertEquals(lr * clip, l2(w), 1e-9);
    }

    @Test
    void proximalTerm_isAddedToTheNoisedGradient_withTheSameSamplesAndNoise() {
        // Batch = n: one step per epoch, every row sampled. The same DRBG seed gives the same noise,
        // and mu draws nothing, so FedProx's second step differs from plain DP-SGD's by -lr mu (w1 - start).
        double lr = 0.3;
        double mu = 0.7;
        double[] w1 = proximal(0, new TrainingParams(1, lr, X.length, 1));
        double[] plain = proximal(0, new TrainingParams(2, lr, X.length, 1));
        double[] prox = proximal(mu, new TrainingParams(2, lr, X.length, 1));
        for (int k = 0; k < prox.length; k++) assertEquals(plain[k] - lr * mu * w1[k], prox[k], 1e-12);
        assertTrue(l2(w1) > 0.01, "the test must move: " + l2(w1));
    }

    @Test
    void controlVariateShift_isRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new DpSgdTrainer(X, Y,
                1, 1, RandomSources.seededDrbg(1), DriftCorrection.shift(new double[] {1, 0, 0, 0, 0, 0})));
        assertTrue(e.getMessage().contains("only a proximal term"), e.getMessage());
    }

    private static double[] proximal(double mu, TrainingParams params) {
        return new DpSgdTrainer(X, Y, 1, 0.5, RandomSources.seededDrbg(21), DriftCorrection.proximal(mu))
                .train(new double[SHAPE.size()], SHAPE, params, params.seed());
    }

    @Test
    void train_tinyNoise_learnsTheSignal() {
        double[] w = train(1, 1e-9, 5, new TrainingParams(20, 0.5, 5, 1));
        // Class 1 means x0 > 0: class 1's weight on x0 grows above class 0's.
        assertTrue(w[SHAPE.rowLength()] > w[0], Arrays.toString(w));
        EvaluationCounts counts = EvaluationCounts.of(w, SHAPE, X, Y);
        assertTrue(counts.confusion()[0] + counts.confusion()[3] >= 18, Arrays.toString(counts.confusion()));
    }
}
