package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import org.junit.jupiter.api.Test;

/** SCAFFOLD's client control variate, option II of Karimireddy et al.'s Algorithm 1, by hand. */
class ControlVariateTest {

    @Test
    void advance_isOptionII_andKeepsTheNewVariateForTheRun() {
        var variate = new ControlVariate();
        // Round 1, c_i = 0: c_i+ = 0 - c + (x - y) / (K eta) = -[0.1, -0.2] + [0.5, -0.5] / (5 * 0.1) = [0.9, -0.8].
        double[] c = {0.1, -0.2};
        double[] change = variate.advance("run", c, new double[] {1, 1}, new double[] {0.5, 1.5}, 5, 0.1);
        assertArrayEquals(new double[] {0.9, -0.8}, change, 1e-12);
        assertArrayEquals(new double[] {0.9, -0.8}, variate.variate("run", 2), 1e-12);

        // Round 2 with c = [0.3, 0]: the local steps are shifted by c - c_i = [-0.6, 0.8];
        // c_i+ = [0.9, -0.8] - [0.3, 0] + ([0, 0] - [-0.2, 0.1]) / (2 * 0.5) = [0.8, -0.9], a change of [-0.1, -0.1].
        double[] c2 = {0.3, 0};
        assertArrayEquals(new double[] {-0.6, 0.8}, variate.correction("run", c2).shift(), 1e-12);
        assertArrayEquals(new double[] {-0.1, -0.1}, variate.advance("run", c2, new double[] {0, 0},
                new double[] {-0.2, 0.1}, 2, 0.5), 1e-12);
        assertArrayEquals(new double[] {0.8, -0.9}, variate.variate("run", 2), 1e-12);
    }

    @Test
    void anotherRun_orTheEndOfTheRun_startsFromZero() {
        var variate = new ControlVariate();
        variate.advance("run-a", new double[] {0, 0}, new double[] {1, 1}, new double[] {0, 0}, 1, 1);
        assertArrayEquals(new double[] {0, 0}, variate.variate("run-b", 2), 0);
        assertArrayEquals(new double[] {1, 1}, variate.variate("run-a", 2), 0);
        variate.forget();
        assertArrayEquals(new double[] {0, 0}, variate.variate("run-a", 2), 0);
    }

    @Test
    void firstRound_withBothVariatesZero_isPlainSgd() {
        // c = c_i = 0: the shift is zero, so the round trains exactly as FedAvg's agents do.
        assertTrue(new ControlVariate().correction("run", new double[9]).none());
    }

    @Test
    void afterOneStepOnOneRow_theNewVariateIsThatRowsGradientAtTheGlobalModel() {
        // K = 1: y = x - eta (g(x) - c_i + c), so c_i+ = c_i - c + (x - y) / eta = g(x), whatever c and c_i were.
        ModelShape shape = new ModelShape(2, 1);
        double[][] x = {{2}};
        int[] y = {0};
        double[] global = {0, 0, 0, 0};
        double[] c = {0.3, -0.1, 0.2, 0.4};
        var variate = new ControlVariate();
        variate.advance("run", new double[4], global, new double[] {0.5, 0.5, 0.5, 0.5}, 1, 1); // some c_i != 0
        double[] ci = variate.variate("run", 4);
        var params = new TrainingParams(1, 0.1, 1, 2);
        double[] local = new SgdTrainer(x, y).train(global, shape, params, 2, variate.correction("run", c));
        double[] change = variate.advance("run", c, global, local, 1, 0.1);
        // At w = 0, p = (1/2, 1/2): g = ((p0 - 1) [2, 1], p1 [2, 1]) = [-1, -0.5, 1, 0.5].
        double[] gradient = {-1, -0.5, 1, 0.5};
        assertArrayEquals(gradient, variate.variate("run", 4), 1e-12);
        for (int k = 0; k < 4; k++) assertTrue(Math.abs(change[k] - (gradient[k] - ci[k])) < 1e-12);
    }
}
