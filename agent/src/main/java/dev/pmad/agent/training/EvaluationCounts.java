package dev.pmad.agent.training;

import dev.pmad.protocol.ModelShape;
import java.util.ArrayList;
import java.util.List;

/**
 * What federated evaluation returns from one agent: a confusion matrix (row = true class,
 * column = predicted class), the summed cross-entropy and the row count. Aggregates only.
 */
public record EvaluationCounts(long[] confusion, double lossSum, long n) {

    public static EvaluationCounts of(double[] w, ModelShape shape, double[][] x, int[] y) {
        int k = shape.classes();
        long[] confusion = new long[k * k];
        double[] p = new double[k];
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            Softmax.probabilities(w, shape, x[i], p);
            int predicted = 0;
            for (int c = 1; c < k; c++) if (p[c] > p[predicted]) predicted = c;
            confusion[y[i] * k + predicted]++;
            loss += Softmax.loss(p[y[i]]);
        }
        return new EvaluationCounts(confusion, loss, x.length);
    }

    public List<Long> confusionList() {
        var list = new ArrayList<Long>(confusion.length);
        for (long c : confusion) list.add(c);
        return list;
    }
}
