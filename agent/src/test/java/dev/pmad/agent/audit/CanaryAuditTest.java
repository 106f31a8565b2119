package dev.pmad.agent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CanaryAuditTest {
    private static final ModelShape SHAPE = new ModelShape(3, 4);
    private static final double[][] X = new double[200][];
    private static final int[] Y = new int[200];

    static {
        var random = new SplittableRandom(3);
        for (int i = 0; i < X.length; i++) {
            X[i] = new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            Y[i] = random.nextInt(3);
        }
    }

    @Test
    void withoutNoise_scoreIsOneForExactlyTheInCanariesSamplingDrew_andZeroOtherwise() {
        // 10 epochs of ceil(200 / 20) steps: 100 steps x 5 weight columns = 500 slots.
        var params = new TrainingParams(10, 0.1, 20, 1);
        CanaryScores s = CanaryAudit.run(PrivacyMode.NONE, X, Y, SHAPE, params, 1.0, 0, 500, 7, RandomSources.seededDrbg(1));
        int ones = 0;
        int in = 0;
        for (int i = 0; i < s.canaries(); i++) {
            double score = s.scores()[i];
            // The data's gradients have no component along a canary's direction: only the canary shows.
            assertTrue(Math.abs(score) < 1e-6 || Math.abs(score - 1) < 1e-6, "score " + score);
            if (score > 0.5) {
                assertTrue(s.included()[i], "an OUT canary cannot show");
                ones++;
            }
            if (s.included()[i]) in++;
        }
        // Each IN canary is drawn with q = 20 / 200 at its step.
        assertTrue(Math.abs(ones - 0.1 * in) < 4 * Math.sqrt(in * 0.09), ones + " of " + in + " IN canaries drawn");
        assertEquals(4, s.guessSizes().size());
        assertEquals(25, s.guessSizes().get(3)[0], "k+ up to m q / 2 = 500 x 0.1 / 2");
    }

    @Test
    void moreCanariesThanSlots_isRefusedWithTheFix() {
        var params = new TrainingParams(1, 0.1, 20, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> CanaryAudit.run(PrivacyMode.RECORD, X, Y, SHAPE, params,
                1.0, 1.0, 51, 7, RandomSources.seededDrbg(1)));
        assertTrue(e.getMessage().contains("50 gradient-canary slots"), e.getMessage());
    }
}
