package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;

/**
 * The exact optimum of L2-penalised multinomial logistic regression: full-batch Newton's method
 * (IRLS) with a backtracking line search, minimising {@link PenalizedCrossEntropy}'s
 * F(W) = mean cross-entropy + (lambda/2) ||W||^2 over the non-bias weights. It is the reference a
 * federation is measured against ({@code pmad centralized}), not a private trainer: it sees every
 * row and its result is not differentially private.
 *
 * <p><b>Iteration.</b> From W = 0, each step solves (H + delta B) s = -g by Cholesky
 * factorisation (Tribuo's {@code DenseMatrix}), g and H being F's gradient and Hessian at W and
 * B the diagonal that selects the bias weights, then takes W + t s for the first t in 1, 1/2,
 * 1/4, ... that satisfies the Armijo condition F(W + t s) <= F(W) + 1e-4 t g's (Nocedal and
 * Wright, <i>Numerical Optimization</i>, 2nd ed., Algorithm 3.1). It stops when ||g|| <= tolerance
 * * ||g at W = 0||, or after the maximum number of iterations, or when no step length decreases F
 * any more (rounding), and reports which.
 *
 * <p><b>The singular direction.</b> Adding the same vector to every class's row changes no
 * probability, so the cross-entropy is flat along it. For the non-bias weights the penalty is
 * not: its curvature along such a shift is lambda K ||u||^2 &gt; 0, so with lambda &gt; 0 H is
 * positive definite there. For the bias it is flat: H e = 0 for e = "1 on every bias". The
 * gradient is orthogonal to e (sum_c (p_ic - [y_i = c]) = 0 for every row), and e is an
 * eigenvector of H + delta B with eigenvalue delta, so the system is positive definite and
 * its solution has no component along e: the biases keep the sum they start with (0), and every
 * other direction is moved by O(delta / its curvature), i.e. not measurably for delta = 1e-10.
 * The result's biases are centred at the end to remove rounding drift along e. (Should the
 * factorisation still fail, delta grows a hundredfold, Levenberg-style, up to 1.)
 *
 * <p><b>Two classes.</b> K = 2 uses the same two-row (redundant) parametrisation. At the optimum
 * w_0 = -w_1 (the penalty is smallest for the centred pair), so with beta = w_1 - w_0 the model
 * is single-vector logistic regression with penalty (lambda/4) ||beta||^2: lambda here is
 * 2 lambda' of that formulation, e.g. lambda = 1/n equals scikit-learn's binary C = 2.
 *
 * <p><b>When not to use it.</b> H has (K(d+1))^2 entries and costs n K(K+1)/2 nnz^2 per iteration
 * to build (nnz: non-zero inputs per row) plus (K(d+1))^3/3 to factorise, so models above
 * {@value #MAX_PARAMETERS} weights are refused: train those with SGD. Nor on data an agent must
 * keep private: nothing here is noised.
 */
public final class NewtonSolver {
    /** Largest model (K(d+1) weights) whose Hessian is built: 32 MB, and a few seconds to factorise. */
    public static final int MAX_PARAMETERS = 2048;
    private static final double ARMIJO = 1e-4;
    private static final double BIAS_RIDGE = 1e-10;
    private static final int MAX_HALVINGS = 60;
    private static final Logger log = LoggerFactory.getLogger(NewtonSolver.class);

    private final int maxIterations;
    private final double tolerance;

    /**
     * @param maxIterations Newton steps at most
     * @param tolerance     stop when the gradient norm is at most this fraction of its norm at W = 0
     */
    public NewtonSolver(int maxIterations, double tolerance) {
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, was " + maxIterations);
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0, was " + tolerance);
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /** 100 iterations at most (it usually takes about 10), relative gradient tolerance 1e-8. */
    public static NewtonSolver withDefaults() {
        return new NewtonSolver(100, 1e-8);
    }

    /** Why the iteration stopped. */
    public enum Stop {
        /** The gradient norm fell below the tolerance: the optimum to that precision. */
        CONVERGED,
        /** The maximum number of iterations was reached first. */
        MAX_ITERATIONS,
        /** No step length decreased F: rounding, at a gradient norm the result reports. */
        LINE_SEARCH_STALLED
    }

    /**
     * The minimiser and how it was reached.
     *
     * @param objective    F at {@code weights}: the penalised mean training loss
     * @param gradientNorm the Euclidean norm of F's gradient there
     */
    public record Solution(double[] weights, int iterations, double objective, double gradientNorm, Stop stop) {
        public boolean converged() {
            return stop == Stop.CONVERGED;
        }
    }

    /** Minimises F for rows {@code x} (encoded, {@code shape.features()} wide) with labels {@code y}. */
    public Solution solve(double[][] x, int[] y, ModelShape shape, double l2) {
        if (!(l2 > 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number > 0, was " + l2
                    + ": the penalty keeps the optimum finite on separable data (a tiny value such as 1e-8 barely penalises)");
        }
        if (shape.size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("the exact solver builds a Hessian of " + shape.size() + "^2 entries (K(d+1) = "
                    + shape.classes() + " x " + shape.rowLength() + "), above its limit of " + MAX_PARAMETERS
                    + " weights: train this model with SGD");
        }
        if (x.length == 0) throw new IllegalArgumentException("no training rows");
        return minimise(new PenalizedCrossEntropy(x, y, shape, l2));
    }

    Solution minimise(PenalizedCrossEntropy objective) {
        ModelShape shape = objective.shape();
        int size = shape.size();
        double[] w = new double[size];
        double[] g = new double[size];
        double[] trial = new double[size];
        double f = objective.valueAndGradient(w, g);
        double gNorm = norm(g);
        double target = tolerance * gNorm;
        int iterations = 0;
        Stop stop = Stop.MAX_ITERATIONS;
        while (true) {
            if (gNorm <= target) {
                stop = Stop.CONVERGED;
                break;
            }
            if (iterations == maxIterations) break;
            double[] s = newtonStep(objective.hessian(w), g, shape);
            double slope = dot(g, s);
            if (!(slope < 0)) { // not a descent direction (only with a badly conditioned H): steepest descent
                for (int k = 0; k < size; k++) s[k] = -g[k];
                slope = -gNorm * gNorm;
            }
            double t = 1;
            double trialF = Double.NaN;
            int halvings = 0;
            for (; halvings <= MAX_HALVINGS; halvings++, t /= 2) {
                for (int k = 0; k < size; k++) trial[k] = w[k] + t * s[k];
                trialF = objective.value(trial);
                if (trialF <= f + ARMIJO * t * slope) break;
            }
            if (halvings > MAX_HALVINGS) {
                stop = Stop.LINE_SEARCH_STALLED;
                break;
            }
            System.arraycopy(trial, 0, w, 0, size);
            f = objective.valueAndGradient(w, g);
            gNorm = norm(g);
            iterations++;
            log.debug("Newton iteration {}: step {}, objective {}, gradient norm {}", iterations, t, f, gNorm);
        }
        centreBiases(w, shape);
        f = objective.valueAndGradient(w, g);
        return new Solution(w, iterations, f, norm(g), stop);
    }

    /** Solves (H + delta B) s = -g, raising delta until Cholesky succeeds. */
    private static double[] newtonStep(double[][] h, double[] g, ModelShape shape) {
        DenseVector minusG = DenseVector.createDenseVector(negate(g));
        for (double ridge = BIAS_RIDGE; ridge <= 1; ridge *= 100) {
            DenseMatrix m = DenseMatrix.createDenseMatrix(h);
            for (int c = 0; c < shape.classes(); c++) {
                int bias = c * shape.rowLength() + shape.features();
                m.add(bias, bias, ridge);
            }
            Optional<DenseMatrix.CholeskyFactorization> cholesky = m.choleskyFactorization();
            if (cholesky.isPresent()) return cholesky.get().solve(minusG).toArray();
            log.debug("Hessian not positive definite with bias ridge {}; raising it", ridge);
        }
        return negate(g);
    }

    /** The biases are determined up to a common shift, which changes neither F nor any prediction. */
    private static void centreBiases(double[] w, ModelShape shape) {
        double mean = 0;
        for (int c = 0; c < shape.classes(); c++) mean += w[c * shape.rowLength() + shape.features()];
        mean /= shape.classes();
        for (int c = 0; c < shape.classes(); c++) w[c * shape.rowLength() + shape.features()] -= mean;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) out[k] = -v[k];
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) sum += a[k] * b[k];
        return sum;
    }

    static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }
}
