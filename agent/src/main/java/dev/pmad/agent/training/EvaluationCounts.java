package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import java.util.ArrayList;
import java.util.List;

/**
 * What federated evaluation returns from one agent: a confusion matrix (row = true class,
 * column = predicted class), the summed cross-entropy and the row count. Aggregates only.
 *
 * @param cappedLossSum the summed cross-entropy with each row's loss capped at {@link #LOSS_CAP}:
 *                      one row moves it by at most the cap, which bounds what noise must hide
 */
public record EvaluationCounts(long[] confusion, double lossSum, long n, double cappedLossSum)
        implements java.io.Serializable {
    /** Per-row loss cap of {@link #cappedLossSum}, in nats: a predicted probability of 4.5e-5 for the true class. */
    public static final double LOSS_CAP = 10;

    /** Counts with nothing over the cap (e.g. no rows). */
    public EvaluationCounts(long[] confusion, double lossSum, long n) {
        this(confusion, lossSum, n, lossSum);
    }

    public static EvaluationCounts of(double[] w, ModelShape shape, double[][] x, int[] y) {
        Tally tally = new Tally(w, shape);
        for (int i = 0; i < x.length; i++) tally.add(x[i], y[i]);
        return tally.counts();
    }

    /** Counts of two disjoint sets of rows together (a Spark engine's partitions). */
    public EvaluationCounts merge(EvaluationCounts other) {
        long[] sum = confusion.clone();
        for (int i = 0; i < sum.length; i++) sum[i] += other.confusion[i];
        return new EvaluationCounts(sum, lossSum + other.lossSum, n + other.n, cappedLossSum + other.cappedLossSum);
    }

    /** Scores rows one at a time, for callers that stream them. */
    public static final class Tally {
        private final double[] w;
        private final ModelShape shape;
        private final long[] confusion;
        private final double[] p;
        private double loss;
        private double capped;
        private long n;

        public Tally(double[] w, ModelShape shape) {
            this.w = w;
            this.shape = shape;
            this.confusion = new long[shape.classes() * shape.classes()];
            this.p = new double[shape.classes()];
        }

        public void add(double[] x, int y) {
            int k = shape.classes();
            Softmax.probabilities(w, shape, x, p);
            int predicted = 0;
            for (int c = 1; c < k; c++) if (p[c] > p[predicted]) predicted = c;
            confusion[y * k + predicted]++;
            double rowLoss = Softmax.loss(p[y]);
            loss += rowLoss;
            capped += Math.min(LOSS_CAP, rowLoss);
            n++;
        }

        public EvaluationCounts counts() {
            return new EvaluationCounts(confusion.clone(), loss, n, capped);
        }
    }

    public List<Long> confusionList() {
        var list = new ArrayList<Long>(confusion.length);
        for (long c : confusion) list.add(c);
        return list;
    }
}
