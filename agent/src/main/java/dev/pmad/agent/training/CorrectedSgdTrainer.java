package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Local SGD whose every step adds a {@link DriftCorrection} to the batch's mean gradient: the
 * local procedure of FedProx (proximal term) and SCAFFOLD (control-variate shift). Tribuo's
 * trainer cannot add either, hence this loop.
 *
 * <p><b>The same SGD as {@link TribuoTrainer}</b>, so that a correction of zero trains the same
 * weights up to rounding: the rows are shuffled in place before every epoch by Tribuo's
 * Fisher-Yates over a {@code SplittableRandom} split from the round seed (as its
 * {@code AbstractSGDTrainer} does), cut into consecutive batches of {@code batchSize}, and each
 * batch steps by the learning rate times its mean gradient. A short last batch of b &lt; B rows
 * steps by {@code (b/B)^2} of the rate: Tribuo weights it by b/B and sums its gradients where a
 * full batch's are averaged, and this loop keeps that rather than train differently from the
 * agents running plain SGD.
 *
 * <p>Not for record-level DP: the rows are not clipped and nothing is noised; {@link
 * DpSgdTrainer} takes the proximal term there.
 */
public final class CorrectedSgdTrainer implements LocalTrainer {
    private final double[][] x;
    private final int[] y;
    private final DriftCorrection correction;

    public CorrectedSgdTrainer(double[][] x, int[] y, DriftCorrection correction) {
        this.x = Objects.requireNonNull(x, "x");
        this.y = Objects.requireNonNull(y, "y");
        this.correction = Objects.requireNonNull(correction, "correction");
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
    }

    @Override
    public String kind() {
        return "corrected-sgd";
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        int n = x.length;
        double[] w = start.clone();
        if (n == 0) return w;
        int batch = params.batchSize();
        double rate = params.learningRate();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Tribuo's trainer seeds one generator with the seed and splits it once per call to train.
        SplittableRandom random = new SplittableRandom(seed).split();
        double[] mean = new double[w.length];
        double[] gradient = new double[w.length];
        double[] p = new double[shape.classes()];
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            shuffleInPlace(order, random);
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(from + batch, n);
                int rows = to - from;
                java.util.Arrays.fill(mean, 0);
                for (int r = from; r < to; r++) {
                    Softmax.gradient(w, shape, x[order[r]], y[order[r]], p, gradient);
                    for (int k = 0; k < mean.length; k++) mean[k] += gradient[k];
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
