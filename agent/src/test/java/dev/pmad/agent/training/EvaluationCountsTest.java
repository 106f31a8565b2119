package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.protocol.ModelShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationCountsTest {
    private static final double LN3 = Math.log(3);

    @Test
    void of_handComputedTwoClassExample() {
        // z0 = 0, z1 = x, so p1 = e^x / (1 + e^x).
        double[] w = {0, 0, 1, 0};
        double[][] x = {{LN3}, {LN3}, {0}, {-LN3}, {2 * LN3}};
        int[] y = {1, 0, 1, 0, 1};
        // p1:          3/4   3/4   1/2 (tie -> class 0)   1/4   9/10
        // predicted:   1     1     0                      0     1
        EvaluationCounts counts = EvaluationCounts.of(w, new ModelShape(2, 1), x, y);

        // Row = true class, column = predicted: [[TN, FP], [FN, TP]].
        assertArrayEquals(new long[] {1, 1, 1, 2}, counts.confusion());
        assertEquals(List.of(1L, 1L, 1L, 2L), counts.confusionList());
        double loss = Math.log(4.0 / 3) + Math.log(4) + Math.log(2) + Math.log(4.0 / 3) + Math.log(10.0 / 9);
        assertEquals(loss, counts.lossSum(), 1e-12);
        assertEquals(5, counts.n());
    }

    @Test
    void of_threeClasses_confusionIsRowMajorByTrueClass() {
        // One feature per class (one-hot input), bias 0: class c wins when x_c = 1.
        ModelShape shape = new ModelShape(3, 3);
        double[] w = new double[shape.size()];
        for (int c = 0; c < 3; c++) w[c * shape.rowLength() + c] = 5;
        double[][] x = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}};
        int[] y = {0, 1, 2, 0};
        EvaluationCounts counts = EvaluationCounts.of(w, shape, x, y);
        assertArrayEquals(new long[] {1, 0, 1, 0, 1, 0, 0, 0, 1}, counts.confusion());
    }

    @Test
    void of_noRows_isEmpty() {
        EvaluationCounts counts = EvaluationCounts.of(new double[4], new ModelShape(2, 1), new double[0][], new int[0]);
        assertArrayEquals(new long[4], counts.confusion());
        assertEquals(0, counts.lossSum());
        assertEquals(0, counts.n());
    }
}
