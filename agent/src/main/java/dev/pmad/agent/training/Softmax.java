package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;

/**
 * Scoring of the linear model in PMAD's canonical layout (row per class, bias last), shared by
 * training diagnostics and federated evaluation so both compute exactly the same loss.
 */
public final class Softmax {
    /** Probabilities are floored here before the log, so one confident mistake costs at most ~34.5. */
    static final double MIN_PROBABILITY = 1e-15;

    private Softmax() {}

    /** Class probabilities for encoded input {@code x}, written into {@code out}. */
    public static void probabilities(double[] w, ModelShape shape, double[] x, double[] out) {
        int row = shape.rowLength();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < shape.classes(); c++) {
            int base = c * row;
            double z = w[base + shape.features()];
            for (int j = 0; j < shape.features(); j++) z += w[base + j] * x[j];
            out[c] = z;
            if (z > max) max = z;
        }
        double sum = 0;
        for (int c = 0; c < shape.classes(); c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < shape.classes(); c++) out[c] /= sum;
    }

    /**
     * The gradient of one example's cross-entropy in the canonical layout, written into {@code
     * out}: for class c, (p_c - [c = y]) times the input, and that difference for the bias.
     * {@code p} receives the class probabilities.
     */
    public static void gradient(double[] w, ModelShape shape, double[] x, int y, double[] p, double[] out) {
        probabilities(w, shape, x, p);
        int row = shape.rowLength();
        for (int c = 0; c < shape.classes(); c++) {
            double g = p[c] - (c == y ? 1 : 0);
            int base = c * row;
            for (int j = 0; j < shape.features(); j++) out[base + j] = g * x[j];
            out[base + shape.features()] = g;
        }
    }

    /** Cross-entropy of the true class given its probability. */
    public static double loss(double probabilityOfTrueClass) {
        return -Math.log(Math.max(MIN_PROBABILITY, probabilityOfTrueClass));
    }

    /** Mean cross-entropy over a data set. */
    public static double meanLoss(double[] w, ModelShape shape, double[][] x, int[] y) {
        double[] p = new double[shape.classes()];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            probabilities(w, shape, x[i], p);
            total += loss(p[y[i]]);
        }
        return x.length == 0 ? 0 : total / x.length;
    }
}
