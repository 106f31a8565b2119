package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pmad.protocol.ModelShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Federated Newton's sums: the streaming {@link NewtonStatistics.Accumulator} against the
 * instance that keeps its rows, and both against the dense formulas computed here.
 */
class NewtonStatisticsAccumulatorTest {
    private static final ModelShape SHAPE = new ModelShape(3, 4);
    private static final double[][] X = rows(40, 11);
    private static final int[] Y = labels(40, 12);

    @Test
    void accumulator_addsTheSameSumsAsTheInstance_bitForBit() {
        double[] w = weights(5);
        for (double clip : new double[] {0, 1.5}) {
            NewtonStatistics kept = new NewtonStatistics(X, Y, SHAPE, clip);
            var withHessian = new NewtonStatistics.Accumulator(w, SHAPE, clip, true, false);
            var withGram = new NewtonStatistics.Accumulator(w, SHAPE, clip, false, true);
            for (int i = 0; i < X.length; i++) {
                withHessian.add(X[i], Y[i]);
                withGram.add(X[i], Y[i]);
            }
            assertEquals(X.length, withHessian.rows());
            assertArrayEquals(kept.gradient(w), withHessian.gradient(), 0);
            assertArrayEquals(kept.hessian(w), withHessian.curvature(), 0);
            assertArrayEquals(kept.gram(), withGram.curvature(), 0);
            assertArrayEquals(kept.gradient(w), withGram.gradient(), 0);
        }
    }

    @Test
    void sums_matchTheDenseFormulas() {
        double[] w = weights(6);
        NewtonStatistics stats = new NewtonStatistics(X, Y, SHAPE, 0);
        int k = SHAPE.classes();
        int row = SHAPE.rowLength();
        int size = SHAPE.size();
        double[] gradient = new double[size];
        double[][] hessian = new double[size][size];
        double[][] gram = new double[row][row];
        double[] p = new double[k];
        for (int i = 0; i < X.length; i++) {
            double[] x = withBias(X[i]);
            Softmax.probabilities(w, SHAPE, X[i], p);
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < row; j++) gradient[c * row + j] += (p[c] - (Y[i] == c ? 1 : 0)) * x[j];
                for (int c2 = 0; c2 < k; c2++) {
                    double a = p[c] * ((c == c2 ? 1 : 0) - p[c2]);
                    for (int j = 0; j < row; j++) {
                        for (int j2 = 0; j2 < row; j2++) hessian[c * row + j][c2 * row + j2] += a * x[j] * x[j2];
                    }
                }
            }
            for (int j = 0; j < row; j++) {
                for (int j2 = 0; j2 < row; j2++) gram[j][j2] += x[j] * x[j2];
            }
        }
        assertArrayEquals(gradient, stats.gradient(w), 1e-12);
        assertArrayEquals(packed(hessian), stats.hessian(w), 1e-12);
        assertArrayEquals(packed(gram), stats.gram(), 1e-12);
    }

    @Test
    void rowClip_scalesEachRowWithItsBiasInputToTheBound() {
        double[][] x = {{3, 0, 0, 4}};
        var acc = new NewtonStatistics.Accumulator(new double[SHAPE.size()], SHAPE, 1, false, true);
        acc.add(x[0], 0);
        double s = 1 / Math.sqrt(26); // ||(3, 0, 0, 4, 1)|| = sqrt(26)
        double[] gram = acc.curvature();
        assertEquals(9 * s * s, gram[NewtonStatistics.packedIndex(0, 0, 5)], 1e-15);
        assertEquals(s * s, gram[NewtonStatistics.packedIndex(4, 4, 5)], 1e-15);
        assertEquals(12 * s * s, gram[NewtonStatistics.packedIndex(0, 3, 5)], 1e-15);
    }

    @Test
    void accumulator_refusesBadRowsAndTwoCurvatures() {
        var acc = new NewtonStatistics.Accumulator(new double[SHAPE.size()], SHAPE, 0, false, false);
        assertThrows(IllegalArgumentException.class, () -> acc.add(new double[3], 0));
        assertThrows(IllegalArgumentException.class, () -> acc.add(new double[4], 3));
        assertThrows(IllegalArgumentException.class,
                () -> new NewtonStatistics.Accumulator(new double[SHAPE.size()], SHAPE, 0, true, true));
        assertEquals(0, acc.curvature().length);
    }

    private static double[] withBias(double[] x) {
        double[] out = java.util.Arrays.copyOf(x, x.length + 1);
        out[x.length] = 1;
        return out;
    }

    private static double[] packed(double[][] m) {
        int n = m.length;
        double[] out = new double[NewtonStatistics.packedSize(n)];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) out[NewtonStatistics.packedIndex(i, j, n)] = m[i][j];
        }
        return out;
    }

    private static double[][] rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][SHAPE.features()];
        for (double[] r : x) {
            for (int j = 0; j < r.length; j++) r[j] = random.nextInt(3) == 0 ? 0 : random.nextDouble(-2, 2); // sparse, as one-hot rows are
        }
        return x;
    }

    private static int[] labels(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = random.nextInt(SHAPE.classes());
        return y;
    }

    private static double[] weights(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[SHAPE.size()];
        for (int i = 0; i < w.length; i++) w[i] = random.nextDouble(-0.5, 0.5);
        return w;
    }
}
