package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An audit's probe sees each noised step and adds examples that are sampled and clipped like rows. */
class DpSgdProbeTest {
    private static final ModelShape SHAPE = new ModelShape(2, 1);
    private static final double[][] X = {{1}, {-1}, {2}, {-2}};
    private static final int[] Y = {1, 0, 1, 0};

    @Test
    void withoutProbe_trainingIsUnchanged_sameRandomDraws() {
        var params = new TrainingParams(3, 0.1, 2, 1);
        double[] plain = new DpSgdTrainer(X, Y, 1, 1.1, RandomSources.seededDrbg(5)).train(new double[4], SHAPE, params, 1);
        double[] none = new DpSgdTrainer(X, Y, 1, 1.1, RandomSources.seededDrbg(5), DriftCorrection.NONE, DpSgdProbe.NONE)
                .train(new double[4], SHAPE, params, 1);
        assertArrayEquals(plain, none, 0);
    }

    @Test
    void extraExamples_areClippedSampledAtTheRowsRate_andEachNoisedSumIsReleased() {
        // Rows' gradients sum to zero along (1, 1) per weight column; the extra examples push 100 along it there.
        List<double[]> released = new ArrayList<>();
        int extras = 2000;
        var probe = new DpSgdProbe() {
            @Override
            public int extraExamples() {
                return extras;
            }

            @Override
            public void extraGradient(int step, int example, double[] w, double[] out) {
                java.util.Arrays.fill(out, 0);
                out[0] = 100;
                out[2] = 100;
            }

            @Override
            public void released(int step, double[] noisySum) {
                released.add(noisySum);
            }
        };
        // q = batch / n = 1 / 4; 4 rows and 1 epoch: 4 steps.
        new DpSgdTrainer(X, Y, 1, 1e-9, RandomSources.seededDrbg(3), DriftCorrection.NONE, probe)
                .train(new double[4], SHAPE, new TrainingParams(1, 0.1, 1, 1), 1);
        assertEquals(4, released.size());
        double drawn = 0;
        for (double[] sum : released) {
            // Each extra example is clipped to norm 1: sqrt(2)/2 on each of the two weights.
            double alongCanary = (sum[0] + sum[2]) / Math.sqrt(2);
            double count = alongCanary;
            assertEquals(Math.rint(count), count, 1e-6, "a whole number of clipped canaries");
            drawn += count;
        }
        double expected = 4 * extras * 0.25;
        assertTrue(Math.abs(drawn - expected) < 5 * Math.sqrt(4 * extras * 0.25 * 0.75), drawn + " drawn, " + expected + " expected");
    }
}
