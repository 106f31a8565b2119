package dev.pmad.coordinator.evaluation;

import dev.pmad.protocol.EvalResult;
import java.util.List;

/**
 * Metrics of one global model over the union of the agents' test splits.
 *
 * <p>Precision, recall and F1 are macro-averaged over classes (binary included), each class
 * counted even when it was never predicted (precision 0 then), as scikit-learn's
 * {@code average="macro", zero_division=0}.
 */
public record Metrics(double accuracy, double loss, double precision, double recall, double f1, long n,
                      long[] confusion) {

    public static final Metrics EMPTY = new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, new long[0]);

    /** Combines evaluation counts; {@code results} may come from any subset of agents. */
    public static Metrics combine(int classes, List<EvalResult> results) {
        long[] confusion = new long[classes * classes];
        double lossSum = 0;
        long n = 0;
        for (EvalResult r : results) {
            for (int i = 0; i < confusion.length; i++) confusion[i] += r.confusion().get(i);
            lossSum += r.lossSum();
            n += r.n();
        }
        return fromConfusion(classes, confusion, lossSum, n);
    }

    public static Metrics fromConfusion(int classes, long[] confusion, double lossSum, long n) {
        if (n == 0) return EMPTY;
        long correct = 0;
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (int c = 0; c < classes; c++) {
            long tp = confusion[c * classes + c];
            long predicted = 0;
            long actual = 0;
            for (int k = 0; k < classes; k++) {
                predicted += confusion[k * classes + c];
                actual += confusion[c * classes + k];
            }
            correct += tp;
            double p = predicted == 0 ? 0 : tp / (double) predicted;
            double r = actual == 0 ? 0 : tp / (double) actual;
            precision += p;
            recall += r;
            f1 += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return new Metrics(correct / (double) n, lossSum / n, precision / classes, recall / classes, f1 / classes,
                n, confusion);
    }
}
