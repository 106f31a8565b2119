package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pmad.protocol.ModelShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The analytic gradient and Hessian against central differences of the value, at random weights. */
class PenalizedCrossEntropyTest {
    private static final ModelShape SHAPE = new ModelShape(3, 4);
    private static final double H = 1e-5;

    private static PenalizedCrossEntropy randomProblem(long seed, double l2) {
        double[][] x = new double[20][SHAPE.features()];
        int[] y = new int[x.length];
        fill(seed, x, y);
        return new PenalizedCrossEntropy(x, y, SHAPE, l2);
    }

    private static void fill(long seed, double[][] x, int[] y) {
        var random = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = random.nextGaussian() * 3;
            x[i][2] = random.nextBoolean() ? 1 : 0; // one-hot-like, often zero
            x[i][3] = 0;                            // always zero: only the penalty curves it
            y[i] = random.nextInt(SHAPE.classes());
        }
    }

    private static double[] randomWeights(long seed) {
        var random = new SplittableRandom(seed);
        double[] w = new double[SHAPE.size()];
        for (int k = 0; k < w.length; k++) w[k] = random.nextGaussian();
        return w;
    }

    @Test
    void gradient_matchesCentralDifferencesOfTheValue() {
        var f = randomProblem(1, 0.3);
        double[] w = randomWeights(2);
        double[] g = new double[w.length];
        f.valueAndGradient(w, g);
        for (int k = 0; k < w.length; k++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[k] += H;
            minus[k] -= H;
            assertEquals((f.value(plus) - f.value(minus)) / (2 * H), g[k], 1e-8, "weight " + k);
        }
    }

    @Test
    void hessian_matchesCentralDifferencesOfTheGradient_andIsSymmetric() {
        var f = randomProblem(3, 0.3);
        double[] w = randomWeights(4);
        double[][] hessian = f.hessian(w);
        double[] gPlus = new double[w.length];
        double[] gMinus = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[k] += H;
            minus[k] -= H;
            f.valueAndGradient(plus, gPlus);
            f.valueAndGradient(minus, gMinus);
            for (int j = 0; j < w.length; j++) {
                assertEquals((gPlus[j] - gMinus[j]) / (2 * H), hessian[j][k], 1e-8, "entry " + j + "," + k);
                assertEquals(hessian[k][j], hessian[j][k], 0, "symmetry " + j + "," + k);
            }
        }
    }

    @Test
    void biasIsNotPenalised_andZeroPenaltyIsTheMeanCrossEntropy() {
        double[][] x = new double[20][SHAPE.features()];
        int[] y = new int[x.length];
        fill(5, x, y);
        double[] w = randomWeights(6);
        var f = new PenalizedCrossEntropy(x, y, SHAPE, 0);
        var penalised = new PenalizedCrossEntropy(x, y, SHAPE, 2);
        assertEquals(Softmax.meanLoss(w, SHAPE, x, y), f.value(w), 1e-12);
        double squares = 0;
        for (int c = 0; c < SHAPE.classes(); c++) {
            for (int j = 0; j < SHAPE.features(); j++) squares += w[c * SHAPE.rowLength() + j] * w[c * SHAPE.rowLength() + j];
        }
        assertEquals(f.value(w) + squares, penalised.value(w), 1e-12);
    }

    @Test
    void negativePenalty_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> randomProblem(1, -1));
        assertThrows(IllegalArgumentException.class, () -> randomProblem(1, Double.NaN));
    }
}
