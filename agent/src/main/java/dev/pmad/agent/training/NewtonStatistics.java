package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;

/**
 * What an agent contributes to a round of federated Newton: sums over its rows, which the
 * coordinator adds up across agents into the gradient and curvature of the whole federation's
 * loss (the sums are over disjoint rows, so their total is exactly the centralised one).
 *
 * <p>With x~_i = s_i (x_i, 1) the row with its bias input, scaled by s_i = min(1, R / ||(x_i, 1)||)
 * when a row clip R is given (record mode; s_i = 1 otherwise), p_i = softmax(W x~_i) and e_y the
 * one-hot label, the sums are (Bishop, <i>Pattern Recognition and Machine Learning</i>, 2006,
 * eqs. 4.109 and 4.110, summed instead of averaged):
 * <pre>
 *   gradient  g_c        = sum_i (p_ic - [y_i = c]) x~_i
 *   Hessian   H_{c,c'}   = sum_i p_ic ([c = c'] - p_ic') x~_i x~_i'
 *   Gram      G          = sum_i x~_i x~_i'
 * </pre>
 * Scaling a row by s_i &gt; 0 scales its logits by s_i and so never changes its predicted class; it
 * bounds what one row adds: ||(p_i - e_y) (x) x~_i|| &lt;= sqrt(2) R and ||x~_i x~_i'||_F &lt;= R^2,
 * the sensitivities record mode noises for.
 *
 * <p>Matrices are returned packed: the upper triangle, row by row (see {@link #packedIndex}). The
 * Hessian is over all K(d+1) weights in the model's layout; the Gram matrix over the d+1 inputs.
 * Rows are sparse (one-hot columns are mostly zero), so building H costs n K(K+1)/2 nnz^2.
 */
public final class NewtonStatistics {
    private final ModelShape shape;
    private final int[][] columns;   // per row: the non-zero feature columns, then the bias column
    private final double[][] values; // per row: their values, then the bias input, all scaled by s_i
    private final int[] y;

    /**
     * @param rowClip R, the bound on ||(x_i, 1)|| (rows above it are scaled down), or 0 for none
     */
    public NewtonStatistics(double[][] x, int[] y, ModelShape shape, double rowClip) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        if (!(rowClip >= 0) || !Double.isFinite(rowClip)) throw new IllegalArgumentException("rowClip must be >= 0, was " + rowClip);
        this.shape = shape;
        this.y = y.clone();
        this.columns = new int[x.length][];
        this.values = new double[x.length][];
        int d = shape.features();
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, the model " + d);
            if (y[i] < 0 || y[i] >= shape.classes()) throw new IllegalArgumentException("row " + i + " has label " + y[i]);
            int nnz = 0;
            double squared = 1; // the bias input
            for (double v : x[i]) {
                if (v != 0) {
                    nnz++;
                    squared += v * v;
                }
            }
            double scale = rowClip > 0 && squared > rowClip * rowClip ? rowClip / Math.sqrt(squared) : 1;
            int[] cols = new int[nnz + 1];
            double[] vals = new double[nnz + 1];
            int t = 0;
            for (int j = 0; j < d; j++) {
                if (x[i][j] != 0) {
                    cols[t] = j;
                    vals[t++] = x[i][j] * scale;
                }
            }
            cols[t] = d;
            vals[t] = scale;
            columns[i] = cols;
            values[i] = vals;
        }
    }

    /** Position of entry (i, j), i &lt;= j, of a symmetric size x size matrix in its packed upper triangle. */
    public static int packedIndex(int i, int j, int size) {
        return i * size - i * (i - 1) / 2 + (j - i);
    }

    /** Entries of the packed upper triangle of a size x size matrix. */
    public static int packedSize(int size) {
        return size * (size + 1) / 2;
    }

    public int rows() {
        return y.length;
    }

    /** g at {@code w}, in the model's layout. */
    public double[] gradient(double[] w) {
        int k = shape.classes();
        int row = shape.rowLength();
        double[] g = new double[shape.size()];
        double[] p = new double[k];
        for (int i = 0; i < y.length; i++) {
            softmax(w, i, p);
            int[] cols = columns[i];
            double[] vals = values[i];
            for (int c = 0; c < k; c++) {
                double r = p[c] - (y[i] == c ? 1 : 0);
                int base = c * row;
                for (int t = 0; t < cols.length; t++) g[base + cols[t]] += r * vals[t];
            }
        }
        return g;
    }

    /** H at {@code w}, packed, over the K(d+1) weights. */
    public double[] hessian(double[] w) {
        int k = shape.classes();
        int row = shape.rowLength();
        int size = shape.size();
        double[] h = new double[packedSize(size)];
        double[] p = new double[k];
        for (int i = 0; i < y.length; i++) {
            softmax(w, i, p);
            int[] cols = columns[i];
            double[] vals = values[i];
            for (int c = 0; c < k; c++) {
                for (int c2 = c; c2 < k; c2++) {
                    double a = p[c] * ((c == c2 ? 1 : 0) - p[c2]);
                    if (a == 0) continue;
                    for (int t = 0; t < cols.length; t++) {
                        int r = c * row + cols[t];
                        double av = a * vals[t];
                        // Within a diagonal block only u >= t (columns ascend, so r <= its column);
                        // an off-diagonal block c < c2 lies wholly in the upper triangle.
                        for (int u = c == c2 ? t : 0; u < cols.length; u++) {
                            h[packedIndex(r, c2 * row + cols[u], size)] += av * vals[u];
                        }
                    }
                }
            }
        }
        return h;
    }

    /** G, packed, over the d+1 inputs (bias last). */
    public double[] gram() {
        int size = shape.rowLength();
        double[] g = new double[packedSize(size)];
        for (int i = 0; i < y.length; i++) {
            int[] cols = columns[i];
            double[] vals = values[i];
            for (int t = 0; t < cols.length; t++) {
                int base = packedIndex(cols[t], cols[t], size) - cols[t];
                for (int u = t; u < cols.length; u++) g[base + cols[u]] += vals[t] * vals[u];
            }
        }
        return g;
    }

    private void softmax(double[] w, int i, double[] p) {
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
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) p[c] /= sum;
    }
}
