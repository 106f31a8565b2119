package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import java.util.Arrays;

/**
 * The L2-penalised mean cross-entropy of multinomial logistic regression on one data set, with
 * its gradient and Hessian, in PMAD's canonical layout (row per class, bias last).
 *
 * <p>With rows x_i in R^d, x~_i = (x_i, 1), labels y_i in {0..K-1}, weights W with one row w_c
 * per class, scores z_ic = w_c . x~_i, probabilities p_ic = exp(z_ic) / sum_k exp(z_ik) and
 * M = diag(1, ..., 1, 0) (the bias is not penalised, as in scikit-learn):
 * <pre>
 *   F(W)                = (1/n) sum_i [ log sum_k exp(z_ik) - z_{i,y_i} ] + (lambda/2) sum_c w_c' M w_c
 *   dF/dw_c             = (1/n) sum_i (p_ic - [y_i = c]) x~_i + lambda M w_c
 *   d2F/(dw_c dw_c')    = (1/n) sum_i p_ic ([c = c'] - p_ic') x~_i x~_i' + lambda [c = c'] M
 * </pre>
 * The gradient and Hessian of the data term are those of Bishop, <i>Pattern Recognition and
 * Machine Learning</i> (2006), section 4.3.4, eqs. 4.109 and 4.110, divided by n. The loss is
 * computed as a log-sum-exp, without {@link Softmax#loss}'s probability floor, so it is smooth.
 *
 * <p>Rows are kept sparse (one-hot columns are mostly zero): the Hessian costs
 * n * K(K+1)/2 * nnz^2 for nnz non-zero entries per row, instead of n * (K(d+1))^2 / 2.
 *
 * <p>The data terms are sums over rows, so parties holding disjoint rows could each compute
 * theirs and add them up (federated Newton); here one instance holds every row it is given.
 */
public final class PenalizedCrossEntropy {
    private final ModelShape shape;
    private final double l2;
    private final int[][] columns;   // per row: the non-zero feature columns, then the bias column
    private final double[][] values; // per row: their values, then 1
    private final int[] y;

    /**
     * @param l2 lambda, the penalty on the non-bias weights; 0 gives the plain mean cross-entropy
     */
    public PenalizedCrossEntropy(double[][] x, int[] y, ModelShape shape, double l2) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be a finite number >= 0, was " + l2);
        this.shape = shape;
        this.l2 = l2;
        this.y = y.clone();
        this.columns = new int[x.length][];
        this.values = new double[x.length][];
        int d = shape.features();
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, the model " + d);
            if (y[i] < 0 || y[i] >= shape.classes()) throw new IllegalArgumentException("row " + i + " has label " + y[i]);
            int nnz = 0;
            for (double v : x[i]) if (v != 0) nnz++;
            int[] cols = new int[nnz + 1];
            double[] vals = new double[nnz + 1];
            int t = 0;
            for (int j = 0; j < d; j++) {
                if (x[i][j] != 0) {
                    cols[t] = j;
                    vals[t++] = x[i][j];
                }
            }
            cols[t] = d;
            vals[t] = 1;
            columns[i] = cols;
            values[i] = vals;
        }
    }

    public ModelShape shape() {
        return shape;
    }

    public double l2() {
        return l2;
    }

    public int rows() {
        return y.length;
    }

    /** F(W). */
    public double value(double[] w) {
        return valueAndGradient(w, null);
    }

    /** F(W); when {@code gradient} is not null it receives dF/dW. */
    public double valueAndGradient(double[] w, double[] gradient) {
        int k = shape.classes();
        int row = shape.rowLength();
        double[] p = new double[k];
        if (gradient != null) Arrays.fill(gradient, 0);
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            loss += logSoftmax(w, i, p);
            if (gradient == null) continue;
            int[] cols = columns[i];
            double[] vals = values[i];
            for (int c = 0; c < k; c++) {
                double g = p[c] - (c == y[i] ? 1 : 0);
                int base = c * row;
                for (int t = 0; t < cols.length; t++) gradient[base + cols[t]] += g * vals[t];
            }
        }
        int n = Math.max(1, y.length);
        double penalty = 0;
        for (int c = 0; c < k; c++) {
            int base = c * row;
            for (int j = 0; j < shape.features(); j++) penalty += w[base + j] * w[base + j];
        }
        if (gradient != null) {
            for (int c = 0; c < k; c++) {
                int base = c * row;
                for (int j = 0; j < row; j++) gradient[base + j] /= n;
                for (int j = 0; j < shape.features(); j++) gradient[base + j] += l2 * w[base + j];
            }
        }
        return loss / n + 0.5 * l2 * penalty;
    }

    /** ||dF/dW||, the Euclidean norm over every weight: 0 at the optimum. */
    public double gradientNorm(double[] w) {
        double[] gradient = new double[shape.size()];
        valueAndGradient(w, gradient);
        return NewtonSolver.norm(gradient);
    }

    /** d2F/dW2 as a dense symmetric matrix, indexed like the weights. */
    public double[][] hessian(double[] w) {
        int k = shape.classes();
        int row = shape.rowLength();
        int size = shape.size();
        double[][] h = new double[size][size];
        double[] p = new double[k];
        for (int i = 0; i < y.length; i++) {
            logSoftmax(w, i, p);
            int[] cols = columns[i];
            double[] vals = values[i];
            // The upper triangle only: blocks c < c' whole, diagonal blocks from the diagonal up
            // (columns are ascending); mirrored below.
            for (int c = 0; c < k; c++) {
                for (int c2 = c; c2 < k; c2++) {
                    double a = p[c] * ((c == c2 ? 1 : 0) - p[c2]);
                    if (a == 0) continue;
                    int rowBase = c * row;
                    int colBase = c2 * row;
                    for (int t = 0; t < cols.length; t++) {
                        double av = a * vals[t];
                        double[] target = h[rowBase + cols[t]];
                        for (int u = c == c2 ? t : 0; u < cols.length; u++) target[colBase + cols[u]] += av * vals[u];
                    }
                }
            }
        }
        int n = Math.max(1, y.length);
        for (int a = 0; a < size; a++) {
            for (int b = a; b < size; b++) {
                h[a][b] /= n;
                h[b][a] = h[a][b];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < shape.features(); j++) h[c * row + j][c * row + j] += l2;
        }
        return h;
    }

    /** Writes row i's probabilities into p and returns its cross-entropy, log sum_k exp(z_ik) - z_{i,y_i}. */
    private double logSoftmax(double[] w, int i, double[] p) {
        int k = shape.classes();
        int row = shape.rowLength();
        int[] cols = columns[i];
        double[] vals = values[i];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            int base = c * row;
            double z = 0;
            for (int t = 0; t < cols.length; t++) z += w[base + cols[t]] * vals[t];
            p[c] = z;
            if (z > max) max = z;
        }
        double trueScore = p[y[i]];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) p[c] /= sum;
        return max + Math.log(sum) - trueScore;
    }
}
