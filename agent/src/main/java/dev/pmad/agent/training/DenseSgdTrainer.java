package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The agents' local SGD (multinomial logistic regression, no penalty) on the encoded rows as
 * they are: one {@code double[]} per row, built once per standardisation by the engine, each
 * with the list of its non-zero columns (built here, once), and a few scratch arrays per round.
 * It replaced Tribuo's {@code LinearSGDTrainer} in the hot path:
 * that trainer rebuilds a feature vector per row from the examples' feature names on every call
 * (a hash lookup per feature per row per round) and allocates a score vector and a K x (d+1)
 * gradient matrix per step, three to five times the work of the arithmetic itself. Tribuo still
 * writes the exported model ({@link dev.pmad.agent.export}); {@code TribuoTrainerTest} (test
 * sources) keeps its trainer as the reference this loop is checked against.
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
 * <p><b>Only the non-zero columns are visited.</b> One-hot encoding leaves most columns of a row
 * at 0 (14 of 105 on UCI Adult), and a 0 adds nothing to a score (w x 0) nor changes a weight
 * (its gradient is g x 0): skipping them gives the same numbers as the full dense loop, in the
 * same order, at a fraction of the work. On all-numeric data every column is visited.
 *
 * <p><b>Drift correction.</b> FedProx's proximal term and SCAFFOLD's shift ({@link
 * DriftCorrection}) are added to every step's mean gradient; with none, a batch of one row
 * steps straight into the weights, without a gradient buffer.
 *
 * <p>Not for record-level DP: the rows are not clipped and nothing is noised ({@link
 * DpSgdTrainer} is).
 */
public final class DenseSgdTrainer implements LocalTrainer {
    private final double[][] x;
    private final int[] y;
    /** Per row: the columns where it is not 0, ascending. */
    private final int[][] nonZero;

    /**
     * Keeps {@code x} and {@code y} by reference (the engine owns them and does not change them);
     * create one per encoding of the data and reuse it every round.
     */
    public DenseSgdTrainer(double[][] x, int[] y) {
        this.x = Objects.requireNonNull(x, "x");
        this.y = Objects.requireNonNull(y, "y");
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        this.nonZero = new int[x.length][];
        for (int i = 0; i < x.length; i++) {
            int count = 0;
            for (double v : x[i]) if (v != 0) count++;
            int[] columns = new int[count];
            int t = 0;
            for (int j = 0; j < x[i].length; j++) if (x[i][j] != 0) columns[t++] = j;
            nonZero[i] = columns;
        }
    }

    @Override
    public String kind() {
        return "dense-sgd";
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        return train(start, shape, params, seed, DriftCorrection.NONE);
    }

    /** Local SGD from {@code start} with {@code correction} added to every step's mean gradient. */
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed, DriftCorrection correction) {
        int n = x.length;
        double[] w = start.clone();
        if (n == 0) return w;
        int classes = shape.classes();
        int d = shape.features();
        int row = shape.rowLength();
        int batch = params.batchSize();
        double rate = params.learningRate();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Tribuo's trainer seeds one generator with the seed and splits it once per call to train.
        SplittableRandom random = new SplittableRandom(seed).split();
        double[] p = new double[classes];
        boolean direct = batch == 1 && correction.none();
        double[] mean = direct ? null : new double[w.length];
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            shuffleInPlace(order, random);
            if (direct) {
                // A batch of one row: its mean gradient (p_c - [c = y]) x~ goes straight into the weights.
                for (int r = 0; r < n; r++) {
                    int i = order[r];
                    double[] xi = x[i];
                    int[] columns = nonZero[i];
                    probabilities(w, shape, xi, columns, p);
                    for (int c = 0; c < classes; c++) {
                        double g = p[c] - (c == y[i] ? 1 : 0);
                        int base = c * row;
                        for (int j : columns) w[base + j] -= rate * (g * xi[j]);
                        w[base + d] -= rate * g;
                    }
                }
                continue;
            }
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(from + batch, n);
                int rows = to - from;
                Arrays.fill(mean, 0);
                // Every row of the batch is scored at the same w; the gradients are summed, then averaged.
                for (int r = from; r < to; r++) {
                    int i = order[r];
                    double[] xi = x[i];
                    int[] columns = nonZero[i];
                    probabilities(w, shape, xi, columns, p);
                    for (int c = 0; c < classes; c++) {
                        double g = p[c] - (c == y[i] ? 1 : 0);
                        int base = c * row;
                        for (int j : columns) mean[base + j] += g * xi[j];
                        mean[base + d] += g;
                    }
                }
                for (int k = 0; k < mean.length; k++) mean[k] /= rows;
                correction.addInPlace(mean, w, start);
                double fraction = rows / (double) batch;
                double step = rate * fraction * fraction;
                for (int k = 0; k < w.length; k++) w[k] -= step * mean[k];
            }
        }
        return w;
    }

    /**
     * {@link Softmax#probabilities} over the row's non-zero columns only: the same sums in the
     * same order (bias first, then ascending columns), less the terms that are 0.
     */
    private static void probabilities(double[] w, ModelShape shape, double[] xi, int[] columns, double[] out) {
        int row = shape.rowLength();
        int d = shape.features();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < out.length; c++) {
            int base = c * row;
            double z = w[base + d];
            for (int j : columns) z += w[base + j] * xi[j];
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
