package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The agents' local SGD (multinomial logistic regression, no penalty) on primitive arrays: the
 * encoded rows are packed once, when the engine encodes its data, and a round allocates only a
 * few scratch arrays. It replaced Tribuo's {@code LinearSGDTrainer} in the hot path: that
 * trainer rebuilds a feature vector per row from the examples' feature names on every call (a
 * hash lookup per feature per row per round) and allocates a score vector and a K x (d+1)
 * gradient matrix per step, several times the work of the arithmetic itself. Tribuo still writes
 * the exported model ({@link dev.pmad.agent.export}); the tests keep its trainer as the reference
 * this loop is checked against.
 *
 * <p><b>Tribuo's SGD, step for step</b>, so that agents train what they trained before up to
 * floating-point rounding (Tribuo sums a row's scores in its own feature order): the rows are
 * shuffled in place before every epoch by Tribuo's Fisher-Yates over a {@code SplittableRandom}
 * split from the round seed (as its {@code AbstractSGDTrainer} does), cut into consecutive
 * batches of {@code batchSize}, and each batch steps by the learning rate times its mean
 * gradient. A short last batch of b &lt; B rows steps by {@code (b/B)^2} of the rate: Tribuo
 * weights it by b/B and sums its gradients where a full batch's are averaged, and this loop
 * keeps that rather than train differently from before.
 *
 * <p><b>Rows are packed without their zeros</b> (compressed sparse rows: one array of column
 * indices and one of values for all rows). One-hot encoding leaves most columns of a row at 0
 * (91 of 105 on UCI Adult), and a 0 adds nothing to a score (w x 0) nor changes a weight (its
 * gradient is g x 0): skipping them gives the same numbers as the full dense loop, summed in the
 * same order, at a fraction of the work and of the memory each step reads. Dense rows
 * (all-numeric data) cost one index read per value more.
 *
 * <p><b>Drift correction.</b> FedProx's proximal term and SCAFFOLD's shift ({@link
 * DriftCorrection}) are added to every step's mean gradient; with none, a batch of one row
 * steps straight into the weights, without a gradient buffer.
 *
 * <p>Not for record-level DP: the rows are not clipped and nothing is noised ({@link
 * DpSgdTrainer} is).
 */
public final class SgdTrainer implements LocalTrainer {
    private final int[] y;
    private final int features;
    /** Row i's non-zero entries are at [rowStart[i], rowStart[i + 1]) of columns and values. */
    private final int[] rowStart;
    /** Their columns, ascending within a row. */
    private final int[] columns;
    private final double[] values;

    /** Packs {@code x} (copies its non-zero entries) and keeps {@code y} by reference; build one per encoding. */
    public SgdTrainer(double[][] x, int[] y) {
        Objects.requireNonNull(x, "x");
        this.y = Objects.requireNonNull(y, "y");
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        this.features = x.length == 0 ? 0 : x[0].length;
        this.rowStart = new int[x.length + 1];
        long count = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != features) throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 " + features);
            for (double v : x[i]) if (v != 0) count++;
        }
        if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(count + " non-zero values do not fit one array");
        this.columns = new int[(int) count];
        this.values = new double[(int) count];
        int t = 0;
        for (int i = 0; i < x.length; i++) {
            rowStart[i] = t;
            for (int j = 0; j < features; j++) {
                if (x[i][j] != 0) {
                    columns[t] = j;
                    values[t++] = x[i][j];
                }
            }
        }
        rowStart[x.length] = t;
    }

    @Override
    public String kind() {
        return "sgd";
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        return train(start, shape, params, seed, DriftCorrection.NONE);
    }

    /** Local SGD from {@code start} with {@code correction} added to every step's mean gradient. */
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed, DriftCorrection correction) {
        int n = y.length;
        double[] w = start.clone();
        if (n == 0) return w;
        if (features != shape.features() || start.length != shape.size()) {
            throw new IllegalArgumentException("rows of " + features + " features and " + start.length
                    + " weights do not fit a model of " + shape.classes() + " classes and " + shape.features() + " features");
        }
        int batch = params.batchSize();
        double rate = params.learningRate();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Tribuo's trainer seeds one generator with the seed and splits it once per call to train.
        SplittableRandom random = new SplittableRandom(seed).split();
        double[] p = new double[shape.classes()];
        boolean direct = batch == 1 && correction.none();
        double[] mean = direct ? null : new double[w.length];
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            shuffleInPlace(order, random);
            if (direct) {
                // A batch of one row: its mean gradient (p_c - [c = y]) x~ goes straight into the weights.
                for (int r = 0; r < n; r++) stepOnRow(w, shape, order[r], rate, p);
                continue;
            }
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(from + batch, n);
                int rows = to - from;
                Arrays.fill(mean, 0);
                // Every row of the batch is scored at the same w; the gradients are summed, then averaged.
                for (int r = from; r < to; r++) addGradient(mean, w, shape, order[r], p);
                for (int k = 0; k < mean.length; k++) mean[k] /= rows;
                correction.addInPlace(mean, w, start);
                double fraction = rows / (double) batch;
                double step = rate * fraction * fraction;
                for (int k = 0; k < w.length; k++) w[k] -= step * mean[k];
            }
        }
        return w;
    }

    // The per-row work lives in small methods: called thousands of times per round, they are
    // compiled early, where one long loop would wait for on-stack replacement.

    /** One step on row i alone: w -= rate (p_c - [c = y_i]) x~_i, class by class. */
    private void stepOnRow(double[] w, ModelShape shape, int i, double rate, double[] p) {
        int from = rowStart[i];
        int to = rowStart[i + 1];
        int row = shape.rowLength();
        int d = shape.features();
        probabilities(w, shape, i, p);
        for (int c = 0; c < p.length; c++) {
            double g = p[c] - (c == y[i] ? 1 : 0);
            int base = c * row;
            for (int t = from; t < to; t++) w[base + columns[t]] -= rate * (g * values[t]);
            w[base + d] -= rate * g;
        }
    }

    /** Adds row i's gradient at w, (p_c - [c = y_i]) x~_i, to {@code sum}. */
    private void addGradient(double[] sum, double[] w, ModelShape shape, int i, double[] p) {
        int from = rowStart[i];
        int to = rowStart[i + 1];
        int row = shape.rowLength();
        int d = shape.features();
        probabilities(w, shape, i, p);
        for (int c = 0; c < p.length; c++) {
            double g = p[c] - (c == y[i] ? 1 : 0);
            int base = c * row;
            for (int t = from; t < to; t++) sum[base + columns[t]] += g * values[t];
            sum[base + d] += g;
        }
    }

    /**
     * {@link Softmax#probabilities} of row i, over its non-zero columns only: the same sums in the
     * same order (bias first, then ascending columns), less the terms that are 0.
     */
    private void probabilities(double[] w, ModelShape shape, int i, double[] out) {
        int from = rowStart[i];
        int to = rowStart[i + 1];
        int row = shape.rowLength();
        int d = shape.features();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < out.length; c++) {
            int base = c * row;
            double z = w[base + d];
            for (int t = from; t < to; t++) z += w[base + columns[t]] * values[t];
            out[c] = z;
            if (z > max) max = z;
        }
        double sum = 0;
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < out.length; c++) out[c] /= sum;
    }

    /** Tribuo's {@code AbstractSGDTrainer.shuffleInPlace}, on row indices. */
    static void shuffleInPlace(int[] order, SplittableRandom random) {
        for (int i = order.length; i > 1; i--) {
            int j = random.nextInt(i);
            int t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
    }
}
