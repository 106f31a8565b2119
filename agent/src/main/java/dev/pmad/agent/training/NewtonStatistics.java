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
 *
 * <p>Two ways in, one arithmetic: an instance keeps its rows in sparse form, for an engine that
 * holds them and asks for sums round after round ({@code InMemoryEngine}); an {@link Accumulator}
 * takes rows one at a time and keeps none, for an engine that streams them (a Spark partition).
 * Both add each row through the same per-row functions, so their sums over the same rows in the
 * same order are equal bit for bit, and sums over disjoint parts may simply be added.
 */
public final class NewtonStatistics {
    private final ModelShape shape;
    private final SparseRow[] rows;

    /**
     * @param rowClip R, the bound on ||(x_i, 1)|| (rows above it are scaled down), or 0 for none
     */
    public NewtonStatistics(double[][] x, int[] y, ModelShape shape, double rowClip) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        checkClip(rowClip);
        this.shape = shape;
        this.rows = new SparseRow[x.length];
        for (int i = 0; i < x.length; i++) rows[i] = SparseRow.of(i, x[i], y[i], shape, rowClip);
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
        return rows.length;
    }

    /** g at {@code w}, in the model's layout. */
    public double[] gradient(double[] w) {
        double[] g = new double[shape.size()];
        double[] p = new double[shape.classes()];
        for (SparseRow r : rows) {
            r.probabilities(w, shape, p);
            r.addGradient(g, shape, p);
        }
        return g;
    }

    /** H at {@code w}, packed, over the K(d+1) weights. */
    public double[] hessian(double[] w) {
        double[] h = new double[packedSize(shape.size())];
        double[] p = new double[shape.classes()];
        for (SparseRow r : rows) {
            r.probabilities(w, shape, p);
            r.addHessian(h, shape, p);
        }
        return h;
    }

    /** G, packed, over the d+1 inputs (bias last). */
    public double[] gram() {
        double[] g = new double[packedSize(shape.rowLength())];
        for (SparseRow r : rows) r.addGram(g, shape.rowLength());
        return g;
    }

    private static void checkClip(double rowClip) {
        if (!(rowClip >= 0) || !Double.isFinite(rowClip)) throw new IllegalArgumentException("rowClip must be >= 0, was " + rowClip);
    }

    /**
     * The same sums over rows handed in one at a time, none of them kept: the gradient at fixed
     * weights and, when asked for, the Hessian there or the Gram matrix. Use it where rows arrive
     * as a stream (one pass per round is all it needs); where the same rows serve many rounds, a
     * {@link NewtonStatistics} keeps their sparse form instead of rebuilding it each round.
     */
    public static final class Accumulator {
        private final double[] w;
        private final ModelShape shape;
        private final double rowClip;
        private final double[] gradient;
        private final double[] hessian;
        private final double[] gram;
        private final double[] p;
        private long rows;

        /**
         * @param w       the weights the gradient and Hessian are taken at
         * @param rowClip as for {@link NewtonStatistics#NewtonStatistics}
         * @param hessian also sum the Hessian (not together with {@code gram})
         * @param gram    also sum the Gram matrix (not together with {@code hessian})
         */
        public Accumulator(double[] w, ModelShape shape, double rowClip, boolean hessian, boolean gram) {
            if (w.length != shape.size()) throw new IllegalArgumentException(w.length + " weights, the model " + shape.size());
            if (hessian && gram) throw new IllegalArgumentException("one curvature at a time: the Hessian or the Gram matrix");
            checkClip(rowClip);
            this.w = w.clone();
            this.shape = shape;
            this.rowClip = rowClip;
            this.gradient = new double[shape.size()];
            this.hessian = hessian ? new double[packedSize(shape.size())] : null;
            this.gram = gram ? new double[packedSize(shape.rowLength())] : null;
            this.p = new double[shape.classes()];
        }

        /** Adds one encoded row ({@code d} features, no bias input) with its class index. */
        public void add(double[] x, int y) {
            SparseRow r = SparseRow.of(rows, x, y, shape, rowClip);
            rows++;
            r.probabilities(w, shape, p);
            r.addGradient(gradient, shape, p);
            if (hessian != null) r.addHessian(hessian, shape, p);
            if (gram != null) r.addGram(gram, shape.rowLength());
        }

        public long rows() {
            return rows;
        }

        /** The summed gradient so far (this accumulator's own array). */
        public double[] gradient() {
            return gradient;
        }

        /** The packed Hessian or Gram matrix so far (this accumulator's own array), or an empty array when neither was asked for. */
        public double[] curvature() {
            return hessian != null ? hessian : gram != null ? gram : new double[0];
        }
    }

    /** One row's non-zero inputs, then its bias input, all scaled by s_i; and its label. */
    private record SparseRow(int[] columns, double[] values, int label) {
        static SparseRow of(long index, double[] x, int y, ModelShape shape, double rowClip) {
            int d = shape.features();
            if (x.length != d) throw new IllegalArgumentException("row " + index + " has " + x.length + " features, the model " + d);
            if (y < 0 || y >= shape.classes()) throw new IllegalArgumentException("row " + index + " has label " + y);
            int nnz = 0;
            double squared = 1; // the bias input
            for (double v : x) {
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
                if (x[j] != 0) {
                    cols[t] = j;
                    vals[t++] = x[j] * scale;
                }
            }
            cols[t] = d;
            vals[t] = scale;
            return new SparseRow(cols, vals, y);
        }

        void probabilities(double[] w, ModelShape shape, double[] p) {
            int k = shape.classes();
            int row = shape.rowLength();
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                int base = c * row;
                double z = 0;
                for (int t = 0; t < columns.length; t++) z += w[base + columns[t]] * values[t];
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

        void addGradient(double[] g, ModelShape shape, double[] p) {
            int row = shape.rowLength();
            for (int c = 0; c < shape.classes(); c++) {
                double r = p[c] - (label == c ? 1 : 0);
                int base = c * row;
                for (int t = 0; t < columns.length; t++) g[base + columns[t]] += r * values[t];
            }
        }

        void addHessian(double[] h, ModelShape shape, double[] p) {
            int k = shape.classes();
            int row = shape.rowLength();
            int size = shape.size();
            for (int c = 0; c < k; c++) {
                for (int c2 = c; c2 < k; c2++) {
                    double a = p[c] * ((c == c2 ? 1 : 0) - p[c2]);
                    if (a == 0) continue;
                    for (int t = 0; t < columns.length; t++) {
                        int r = c * row + columns[t];
                        double av = a * values[t];
                        // Within a diagonal block only u >= t (columns ascend, so r <= its column);
                        // an off-diagonal block c < c2 lies wholly in the upper triangle.
                        for (int u = c == c2 ? t : 0; u < columns.length; u++) {
                            h[packedIndex(r, c2 * row + columns[u], size)] += av * values[u];
                        }
                    }
                }
            }
        }

        void addGram(double[] g, int size) {
            for (int t = 0; t < columns.length; t++) {
                int base = packedIndex(columns[t], columns[t], size) - columns[t];
                for (int u = t; u < columns.length; u++) g[base + columns[u]] += values[t] * values[u];
            }
        }
    }
}
