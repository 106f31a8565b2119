package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.protocol.ModelShape;
import org.junit.jupiter.api.Test;

/**
 * The agent's Newton sums against values computed independently with NumPy (the coordinator
 * module's src/test/python/newton_step_fixture.py) and against {@link PenalizedCrossEntropy}.
 */
class NewtonStatisticsTest {
    private static final ModelShape SHAPE = new ModelShape(2, 1);
    private static final double[][] X = {{0.5}, {-1.0}, {2.0}};
    private static final int[] Y = {0, 1, 1};
    private static final double[] W = {0.2, -0.1, -0.3, 0.1};

    @Test
    void gradientAndHessian_areTheSumsOverRows() {
        var stats = new NewtonStatistics(X, Y, SHAPE, 0);
        assertArrayEquals(new double[] {0.8043854326654962, 0.5342841054436567, -0.8043854326654963, -0.5342841054436567},
                stats.gradient(W), 1e-12);
        assertArrayEquals(new double[] {1.1398126131445658, 0.33102842728803794, -1.1398126131445658, -0.331028427288038,
                0.6854663848945199, -0.331028427288038, -0.6854663848945199, 1.1398126131445658, 0.33102842728803805,
                0.6854663848945199}, stats.hessian(W), 1e-12);
    }

    @Test
    void rowClip_scalesRowsWithTheirBiasInput_andTheGramMatrixSeesTheClippedRows() {
        var stats = new NewtonStatistics(X, Y, SHAPE, 1.5);
        assertArrayEquals(new double[] {0.27105775661223186, 0.26762026741702455, -0.27105775661223197, -0.2676202674170245},
                stats.gradient(W), 1e-12);
        assertArrayEquals(new double[] {3.05, 0.4, 2.45}, stats.gram(), 1e-12);
    }

    @Test
    void sums_equalTheMeanLossDerivativesTimesTheRowCount() {
        double[][] x = {{0.3, -1.2, 0}, {1.1, 0, 2.5}, {-0.7, 0.4, 0}, {0, 0, 1}, {2, -2, 0.5}};
        int[] y = {0, 2, 1, 2, 0};
        var shape = new ModelShape(3, 3);
        double[] w = new double[shape.size()];
        for (int i = 0; i < w.length; i++) w[i] = Math.sin(i + 1) / 3;
        var loss = new PenalizedCrossEntropy(x, y, shape, 0);
        var stats = new NewtonStatistics(x, y, shape, 0);
        double[] mean = new double[w.length];
        loss.valueAndGradient(w, mean);
        double[] g = stats.gradient(w);
        for (int i = 0; i < w.length; i++) assertEquals(mean[i] * x.length, g[i], 1e-12, "gradient " + i);
        double[][] h = loss.hessian(w);
        double[] packed = stats.hessian(w);
        for (int i = 0; i < w.length; i++) {
            for (int j = i; j < w.length; j++) {
                assertEquals(h[i][j] * x.length, packed[NewtonStatistics.packedIndex(i, j, w.length)], 1e-12, i + "," + j);
            }
        }
    }
}
