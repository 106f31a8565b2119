package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The agents' local SGD: Tribuo's SGD up to rounding, an independent textbook loop exactly, and
 * FedProx's and SCAFFOLD's corrections as the papers write them.
 */
class SgdTrainerTest {
    // Three classes (Tribuo sorts them differently: a translation slip would show), two features.
    private static final Schema SCHEMA = new Schema("y", List.of("sun", "rain", "fog"),
            List.of(FeatureSpec.numeric("temp"), FeatureSpec.numeric("wind")));
    private static final ModelShape SHAPE = new ModelShape(3, 2);
    private static final double[][] X = new double[23][]; // 23 rows: batches of 5 leave a short last one
    private static final int[] Y = new int[23];

    static {
        var random = new SplittableRandom(5);
        for (int i = 0; i < X.length; i++) {
            X[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
            Y[i] = X[i][0] > 0.5 ? 0 : X[i][1] > 0 ? 1 : 2;
        }
    }

    private static double[] start() {
        double[] w = new double[SHAPE.size()];
        for (int k = 0; k < w.length; k++) w[k] = 0.05 * (k % 4 - 1.5);
        return w;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
        return Math.sqrt(s);
    }

    @Test
    void withoutCorrection_trainsTheSameWeightsAsTribuo_shuffleShortBatchAndAll() {
        for (TrainingParams params : List.of(new TrainingParams(3, 0.2, 5, 17), new TrainingParams(2, 0.05, 1, 4),
                new TrainingParams(1, 0.5, 64, 9))) {
            double[] tribuo = new TribuoTrainer(SCHEMA, X, Y).train(start(), SHAPE, params, params.seed());
            double[] ours = new SgdTrainer(X, Y).train(start(), SHAPE, params, params.seed(), DriftCorrection.NONE);
            assertArrayEquals(tribuo, ours, 1e-12, params.toString());
            assertTrue(distance(tribuo, start()) > 0.01, "the test must train: " + params);
        }
    }

    @Test
    void equalsATextbookLoopWrittenIndependently_batchesOfOneAndOfMany() {
        // The two numeric columns, then a one-hot column of three categories: rows mostly 0, as on Adult.
        double[][] oneHot = new double[X.length][];
        for (int i = 0; i < X.length; i++) {
            oneHot[i] = new double[] {X[i][0], i % 4 == 0 ? 0 : X[i][1], 0, 0, 0};
            oneHot[i][2 + i % 3] = 1;
        }
        for (double[][] x : List.of(X, oneHot)) {
            ModelShape shape = new ModelShape(SHAPE.classes(), x[0].length);
            double[] start = new double[shape.size()];
            for (int k = 0; k < start.length; k++) start[k] = 0.05 * (k % 4 - 1.5);
            for (TrainingParams params : List.of(new TrainingParams(1, 0.1, 1, 2), new TrainingParams(3, 0.3, 1, 7),
                    new TrainingParams(2, 0.2, 5, 11), new TrainingParams(2, 0.4, 23, 5), new TrainingParams(1, 0.4, 30, 5))) {
                double[] expected = textbookSgd(x, Y, start, params);
                double[] actual = new SgdTrainer(x, Y).train(start, shape, params, params.seed());
                assertArrayEquals(expected, actual, 1e-13, x[0].length + " features, " + params);
                assertTrue(distance(actual, start) > 0.01, "the test must train: " + params);
            }
        }
    }

    @Test
    void doesNotModifyStartOrData() {
        double[][] x = new double[X.length][];
        for (int i = 0; i < x.length; i++) x[i] = X[i].clone();
        int[] y = Y.clone();
        double[] start = start();
        new SgdTrainer(x, y).train(start, SHAPE, new TrainingParams(2, 0.1, 1, 3), 3);
        new SgdTrainer(x, y).train(start, SHAPE, new TrainingParams(2, 0.1, 4, 3), 3, DriftCorrection.proximal(0.5));
        assertArrayEquals(start(), start, 0);
        for (int i = 0; i < x.length; i++) assertArrayEquals(X[i], x[i], 0);
        assertArrayEquals(Y, y);
    }

    /**
     * Minibatch SGD on the mean cross-entropy as a textbook writes it, sharing no code with the
     * trainer: a weight matrix W[class][feature] with the bias as feature d, probabilities
     * exp(z_c) / sum_k exp(z_k) without the max shift, gradients summed over the batch at the same
     * W. The row order is Tribuo's (Fisher-Yates from the seed's first split, reshuffled every
     * epoch), and a short last batch of b rows steps by (b/B)^2 of the rate, as Tribuo does.
     */
    private static double[] textbookSgd(double[][] x, int[] y, double[] start, TrainingParams params) {
        int n = x.length;
        int d = x[0].length;
        int classes = SHAPE.classes();
        double[][] w = new double[classes][d + 1];
        for (int c = 0; c < classes; c++) for (int j = 0; j <= d; j++) w[c][j] = start[c * (d + 1) + j];
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) order.add(i);
        SplittableRandom random = new SplittableRandom(params.seed()).split();
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            for (int i = n; i > 1; i--) java.util.Collections.swap(order, i - 1, random.nextInt(i));
            for (int from = 0; from < n; from += params.batchSize()) {
                int to = Math.min(n, from + params.batchSize());
                double[][] sum = new double[classes][d + 1];
                for (int r = from; r < to; r++) {
                    double[] row = java.util.Arrays.copyOf(x[order.get(r)], d + 1);
                    row[d] = 1;
                    double[] e = new double[classes];
                    double total = 0;
                    for (int c = 0; c < classes; c++) {
                        double z = 0;
                        for (int j = 0; j <= d; j++) z += w[c][j] * row[j];
                        e[c] = Math.exp(z);
                        total += e[c];
                    }
                    for (int c = 0; c < classes; c++) {
                        double residual = e[c] / total - (y[order.get(r)] == c ? 1 : 0);
                        for (int j = 0; j <= d; j++) sum[c][j] += residual * row[j];
                    }
                }
                int b = to - from;
                double rate = params.learningRate() * Math.pow((double) b / params.batchSize(), 2);
                for (int c = 0; c < classes; c++) for (int j = 0; j <= d; j++) w[c][j] -= rate * sum[c][j] / b;
            }
        }
        double[] flat = new double[classes * (d + 1)];
        for (int c = 0; c < classes; c++) for (int j = 0; j <= d; j++) flat[c * (d + 1) + j] = w[c][j];
        return flat;
    }

    @Test
    void proximalTermWithMuZero_andZeroShift_arePlainSgd() {
        var params = new TrainingParams(2, 0.2, 5, 3);
        double[] plain = new SgdTrainer(X, Y).train(start(), SHAPE, params, 3, DriftCorrection.NONE);
        assertArrayEquals(plain, new SgdTrainer(X, Y).train(start(), SHAPE, params, 3, DriftCorrection.proximal(0)), 0);
        assertArrayEquals(plain, new SgdTrainer(X, Y).train(start(), SHAPE, params, 3,
                DriftCorrection.shift(new double[SHAPE.size()])), 0);
    }

    @Test
    void twoSteps_addTheProximalGradientAndTheShift_asWrittenByHand() {
        // Two copies of one row (x = 2, class 0) in a 2-class, 1-feature model, batch 1: the shuffle cannot matter.
        ModelShape shape = new ModelShape(2, 1);
        double[][] x = {{2}, {2}};
        int[] y = {0, 0};
        double[] s = {0, 0, 0, 0}; // [w_0, b_0, w_1, b_1]
        double lr = 0.1;
        double mu = 0.5;
        double[] shift = {0.1, 0, 0, -0.1};
        double[] w = new SgdTrainer(x, y).train(s, shape, new TrainingParams(1, lr, 1, 8), 8, new DriftCorrection(mu, shift));

        // Step 1 at w = s: p = (1/2, 1/2), gradient ((p0 - 1) [2, 1], p1 [2, 1]) = [-1, -0.5, 1, 0.5];
        // the proximal term is 0 at the start: w1 = -0.1 * ([-1, -0.5, 1, 0.5] + [0.1, 0, 0, -0.1]) = [0.09, 0.05, -0.1, -0.04].
        double[] w1 = {0.09, 0.05, -0.1, -0.04};
        // Step 2: logits z0 = 0.09*2 + 0.05 = 0.23, z1 = -0.1*2 - 0.04 = -0.24; p0 = 1 / (1 + e^(z1 - z0)).
        double p0 = 1 / (1 + Math.exp(-0.24 - 0.23));
        double[] g = {(p0 - 1) * 2, p0 - 1, (1 - p0) * 2, 1 - p0};
        double[] w2 = new double[4];
        for (int k = 0; k < 4; k++) w2[k] = w1[k] - lr * (g[k] + mu * (w1[k] - s[k]) + shift[k]);
        assertArrayEquals(w2, w, 1e-15);
    }

    @Test
    void largeMu_keepsTheLocalModelWithinGOverMuOfTheGlobal() {
        // With lr * mu <= 1 every step keeps ||w - s|| <= G / mu, G bounding a mean gradient's norm:
        // ||w' - s|| <= (1 - lr mu) ||w - s|| + lr G <= (1 - lr mu) G / mu + lr G = G / mu.
        double g = 0;
        for (double[] row : X) g = Math.max(g, Math.sqrt(2) * Math.sqrt(row[0] * row[0] + row[1] * row[1] + 1));
        var params = new TrainingParams(20, 0.5, 5, 1);
        double mu = 2;
        double[] free = new SgdTrainer(X, Y).train(start(), SHAPE, params, 1, DriftCorrection.NONE);
        double[] held = new SgdTrainer(X, Y).train(start(), SHAPE, params, 1, DriftCorrection.proximal(mu));
        assertTrue(distance(held, start()) <= g / mu, distance(held, start()) + " > " + g / mu);
        assertTrue(distance(free, start()) > 2 * distance(held, start()),
                "without the term the model goes further: " + distance(free, start()) + " vs " + distance(held, start()));
    }

    @Test
    void aShiftOfTheWrongSize_isRefused() {
        var trainer = new SgdTrainer(X, Y);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.train(start(), SHAPE,
                new TrainingParams(1, 0.1, 5, 1), 1, DriftCorrection.shift(new double[] {1, 2})));
        assertEquals("the shift has 2 values, the model 9", e.getMessage());
    }
}
