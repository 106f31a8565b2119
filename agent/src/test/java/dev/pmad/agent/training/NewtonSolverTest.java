package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.ModelShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The solver's optimum against answers found another way: a closed form, a one-dimensional
 * root by bisection, and plain gradient descent on an objective written out again here
 * ({@link Reference}), sharing no code with the solver.
 */
class NewtonSolverTest {
    /**
     * The default tolerance (gradient norm 1e-8 of its start) leaves weights off by up to about
     * that over the smallest curvature; a tighter one shows the optimum itself is found.
     */
    private static final NewtonSolver TIGHT = new NewtonSolver(100, 1e-13);

    @Test
    void twoClasses_symmetricData_matchesTheRootOfTheOneDimensionalObjective() {
        // k rows (x=+1, y=1), m rows (x=+1, y=0) and their mirror images (x=-1, the other label).
        // By symmetry the optimum is w_1 = (a, 0), w_0 = (-a, 0): the logit of class 1 is 2a x, so
        // F(a) = [k log(1 + e^{-2a}) + m log(1 + e^{2a})] / (k + m) + lambda a^2.
        int k = 7;
        int m = 3;
        double lambda = 0.05;
        double[][] x = new double[2 * (k + m)][];
        int[] y = new int[x.length];
        int i = 0;
        for (int r = 0; r < k; r++, i += 2) {
            x[i] = new double[] {1};
            y[i] = 1;
            x[i + 1] = new double[] {-1};
            y[i + 1] = 0;
        }
        for (int r = 0; r < m; r++, i += 2) {
            x[i] = new double[] {1};
            y[i] = 0;
            x[i + 1] = new double[] {-1};
            y[i + 1] = 1;
        }
        // F'(a) = [-2k sigmoid(-2a) + 2m sigmoid(2a)] / (k + m) + 2 lambda a, increasing in a.
        double lo = 0;
        double hi = 10;
        for (int step = 0; step < 200; step++) {
            double a = (lo + hi) / 2;
            double derivative = (-2 * k * sigmoid(-2 * a) + 2 * m * sigmoid(2 * a)) / (k + m) + 2 * lambda * a;
            if (derivative > 0) hi = a;
            else lo = a;
        }
        double a = (lo + hi) / 2;

        var solution = TIGHT.solve(x, y, new ModelShape(2, 1), lambda);

        assertTrue(solution.converged(), solution.stop().toString());
        assertArrayEquals(new double[] {-a, 0, a, 0}, solution.weights(), 1e-9);
    }

    @Test
    void threeClasses_uninformativeFeature_biasesAreTheCentredLogFrequencies() {
        // A feature that is always 0 carries nothing: the optimum predicts each class with its
        // frequency (1/6, 2/6, 3/6), so b_c = log n_c up to a common shift, and the weight is 0.
        double[][] x = {{0}, {0}, {0}, {0}, {0}, {0}};
        int[] y = {0, 1, 1, 2, 2, 2};
        double mean = (Math.log(1) + Math.log(2) + Math.log(3)) / 3;

        var solution = TIGHT.solve(x, y, new ModelShape(3, 1), 1.0 / 6);

        assertTrue(solution.converged(), solution.stop().toString());
        assertArrayEquals(new double[] {0, -mean, 0, Math.log(2) - mean, 0, Math.log(3) - mean}, solution.weights(), 1e-9);
    }

    @Test
    void threeClasses_matchesSlowGradientDescent() {
        var data = Reference.overlappingBlobs(3, 2, 30, 11);
        double lambda = 1.0 / 30;

        var solution = NewtonSolver.withDefaults().solve(data.x(), data.y(), data.shape(), lambda);
        double[] descended = data.gradientDescent(lambda, 1e-11);

        assertTrue(solution.converged(), solution.stop().toString());
        assertTrue(solution.iterations() < 20, solution.iterations() + " iterations");
        assertArrayEquals(descended, solution.weights(), 1e-8);
        assertEquals(data.objective(descended, lambda), solution.objective(), 1e-12);
        assertTrue(solution.gradientNorm() < 1e-8, "gradient norm " + solution.gradientNorm());
    }

    @Test
    void twoClasses_matchesSlowGradientDescent() {
        var data = Reference.overlappingBlobs(2, 3, 25, 5);
        double lambda = 0.02;

        var solution = TIGHT.solve(data.x(), data.y(), data.shape(), lambda);

        assertTrue(solution.converged(), solution.stop().toString());
        assertArrayEquals(data.gradientDescent(lambda, 1e-11), solution.weights(), 1e-8);
    }

    @Test
    void optimum_isBelowEveryPerturbation_andItsNumericalGradientVanishes() {
        var data = Reference.overlappingBlobs(3, 2, 40, 23);
        double lambda = 0.01;
        double[] w = NewtonSolver.withDefaults().solve(data.x(), data.y(), data.shape(), lambda).weights();
        double best = data.objective(w, lambda);
        var random = new SplittableRandom(99);
        for (int trial = 0; trial < 200; trial++) {
            double[] moved = w.clone();
            for (int k = 0; k < moved.length; k++) moved[k] += 1e-3 * random.nextGaussian();
            assertTrue(data.objective(moved, lambda) > best, "perturbation " + trial + " is lower");
        }
        double h = 1e-6;
        for (int k = 0; k < w.length; k++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[k] += h;
            minus[k] -= h;
            assertEquals(0, (data.objective(plus, lambda) - data.objective(minus, lambda)) / (2 * h), 1e-7, "weight " + k);
        }
    }

    @Test
    void separableData_staysFinite() {
        double[][] x = {{-2}, {-1}, {1}, {2}};
        int[] y = {0, 0, 1, 1};

        var solution = NewtonSolver.withDefaults().solve(x, y, new ModelShape(2, 1), 1e-3);

        assertTrue(solution.converged(), solution.stop().toString());
        for (double v : solution.weights()) assertTrue(Double.isFinite(v) && Math.abs(v) < 100, "weight " + v);
    }

    @Test
    void noPenalty_orAModelTooLarge_isRefusedWithTheReason() {
        double[][] x = {{1}, {-1}};
        int[] y = {0, 1};
        var zero = assertThrows(IllegalArgumentException.class,
                () -> NewtonSolver.withDefaults().solve(x, y, new ModelShape(2, 1), 0));
        assertTrue(zero.getMessage().contains("separable"), zero.getMessage());
        int features = NewtonSolver.MAX_PARAMETERS / 2;
        var large = assertThrows(IllegalArgumentException.class,
                () -> NewtonSolver.withDefaults().solve(new double[][] {new double[features]}, new int[] {0},
                        new ModelShape(2, features), 1));
        assertTrue(large.getMessage().contains("SGD"), large.getMessage());
    }

    private static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    /** Dense data, the penalised mean cross-entropy written out directly, and gradient descent on it. */
    private record Reference(double[][] x, int[] y, ModelShape shape) {

        /** Gaussian blobs whose class means are one standard deviation apart: overlapping, never separable. */
        static Reference overlappingBlobs(int classes, int features, int rows, long seed) {
            var random = new SplittableRandom(seed);
            double[][] x = new double[rows][features];
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = i % classes;
                for (int j = 0; j < features; j++) x[i][j] = random.nextGaussian() + (j % classes == y[i] ? 1 : 0);
            }
            return new Reference(x, y, new ModelShape(classes, features));
        }

        double[] scores(double[] w, double[] row) {
            int d = shape.features();
            double[] z = new double[shape.classes()];
            for (int c = 0; c < z.length; c++) {
                z[c] = w[c * (d + 1) + d];
                for (int j = 0; j < d; j++) z[c] += w[c * (d + 1) + j] * row[j];
            }
            return z;
        }

        double objective(double[] w, double lambda) {
            int d = shape.features();
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                double[] z = scores(w, x[i]);
                double sum = 0;
                for (double v : z) sum += Math.exp(v);
                total += Math.log(sum) - z[y[i]];
            }
            double squares = 0;
            for (int c = 0; c < shape.classes(); c++) {
                for (int j = 0; j < d; j++) squares += w[c * (d + 1) + j] * w[c * (d + 1) + j];
            }
            return total / x.length + lambda / 2 * squares;
        }

        double[] gradient(double[] w, double lambda) {
            int d = shape.features();
            double[] g = new double[shape.size()];
            for (int i = 0; i < x.length; i++) {
                double[] z = scores(w, x[i]);
                double sum = 0;
                for (double v : z) sum += Math.exp(v);
                for (int c = 0; c < z.length; c++) {
                    double residual = Math.exp(z[c]) / sum - (c == y[i] ? 1 : 0);
                    for (int j = 0; j < d; j++) g[c * (d + 1) + j] += residual * x[i][j] / x.length;
                    g[c * (d + 1) + d] += residual / x.length;
                }
            }
            for (int c = 0; c < shape.classes(); c++) {
                for (int j = 0; j < d; j++) g[c * (d + 1) + j] += lambda * w[c * (d + 1) + j];
            }
            return g;
        }

        /**
         * Steepest descent from 0 with the fixed step 1/L, L = (1/2) max_i ||(x_i, 1)||^2 + lambda, an
         * upper bound on the Hessian's largest eigenvalue (Böhning 1992: H <= (1/2) (I - 11'/K) (x) mean
         * x~x~' + lambda I), until the gradient norm is below {@code tolerance}. Slow, but sure to descend.
         */
        double[] gradientDescent(double lambda, double tolerance) {
            double bound = 0;
            for (double[] row : x) {
                double squares = 1;
                for (double v : row) squares += v * v;
                bound = Math.max(bound, squares);
            }
            double step = 1 / (0.5 * bound + lambda);
            double[] w = new double[shape.size()];
            for (int iteration = 0; iteration < 10_000_000; iteration++) {
                double[] g = gradient(w, lambda);
                double norm = 0;
                for (double v : g) norm += v * v;
                if (Math.sqrt(norm) < tolerance) return w;
                for (int k = 0; k < w.length; k++) w[k] -= step * g[k];
            }
            throw new AssertionError("gradient descent did not reach " + tolerance);
        }
    }
}
