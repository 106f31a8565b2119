package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.protocol.ModelShape;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private static final ModelShape SHAPE = new ModelShape(2, 1);
    private static final double LN3 = Math.log(3);

    @Test
    void probabilities_rowPerClassWithBiasLast() {
        // Layout [class0: x, bias | class1: x, bias]: z0 = 0, z1 = x + ln 3.
        double[] w = {0, 0, 1, LN3};
        double[] p = new double[2];
        Softmax.probabilities(w, SHAPE, new double[] {0}, p);
        assertArrayEquals(new double[] {0.25, 0.75}, p, 1e-15);
        Softmax.probabilities(w, SHAPE, new double[] {-LN3}, p);
        assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-15);
    }

    @Test
    void probabilities_hugeScores_doNotOverflow() {
        double[] w = {0, 1000, 0, 1000 + LN3};
        double[] p = new double[2];
        Softmax.probabilities(w, SHAPE, new double[] {5}, p);
        assertArrayEquals(new double[] {0.25, 0.75}, p, 1e-12);
    }

    @Test
    void loss_isMinusLogAndFloored() {
        assertEquals(Math.log(4), Softmax.loss(0.25), 1e-15);
        assertEquals(0, Softmax.loss(1), 0);
        assertEquals(-Math.log(1e-15), Softmax.loss(0), 1e-12);
    }

    @Test
    void meanLoss_averagesRows() {
        double[] w = {0, 0, 0, LN3}; // p1 = 3/4 for every row
        double[][] x = {{1}, {2}};
        assertEquals((Math.log(4.0 / 3) + Math.log(4)) / 2, Softmax.meanLoss(w, SHAPE, x, new int[] {1, 0}), 1e-15);
        assertEquals(0, Softmax.meanLoss(w, SHAPE, new double[0][], new int[0]));
    }
}
