package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

class FedAvgTest {
    private static AgentUpdate update(String id, int samples, double... delta) {
        return new AgentUpdate(id, Weights.of(delta), samples, 0, 0, 0);
    }

    @Test
    void aggregate_weightsDeltasBySampleCount() {
        // (1*[1,2] + 3*[5,-2]) / 4 = [4, -1]
        double[] result = new FedAvg().aggregate(1, List.of(update("a", 1, 1, 2), update("b", 3, 5, -2)));
        assertArrayEquals(new double[] {4, -1}, result, 1e-15);
    }

    @Test
    void aggregate_threeAgentsHandComputed() {
        // weights 2/10, 3/10, 5/10: [0.2*10 + 0.3*0 + 0.5*(-2), 0.2*0 + 0.3*1 + 0.5*1] = [1.0, 0.8]
        double[] result = new FedAvg().aggregate(1, List.of(update("a", 2, 10, 0), update("b", 3, 0, 1), update("c", 5, -2, 1)));
        assertArrayEquals(new double[] {1.0, 0.8}, result, 1e-15);
    }

    @Test
    void aggregate_isBitIdenticalForTheSameSortedInputWhateverArrivalOrder() {
        // The coordinator sorts by agent id before aggregating; same sorted input, same bits.
        var sorted = List.of(update("a", 7, 0.1, 0.7), update("b", 11, 0.2, 1e-9), update("c", 13, 0.3, -0.3));
        double[] first = new FedAvg().aggregate(1, sorted);
        double[] second = new FedAvg().aggregate(1, List.copyOf(sorted));
        assertArrayEquals(first, second, 0);
    }

    @Test
    void centralDp_clipsEachDelta_andAveragesUniformly() {
        // Noise multiplier ~0: the result is the uniform mean of the deltas clipped to norm 1.
        var strategy = new CentralDpFedAvg(1.0, 1e-12, new GaussianMechanism(RandomSources.seededDrbg(3)));
        double[] result = strategy.aggregate(1, List.of(update("a", 1, 3, 4), update("b", 1000, 0, 0.5)));
        // a clipped from norm 5 to [0.6, 0.8]; b unchanged; uniform mean, whatever the sample counts.
        assertArrayEquals(new double[] {0.3, 0.65}, result, 1e-9);
    }

    @Test
    void centralDp_noiseHasTheCalibratedSpreadOnTheMean() {
        var strategy = new CentralDpFedAvg(1.0, 2.0, new GaussianMechanism(RandomSources.seededDrbg(5)));
        double[] zero = new double[200_000];
        double[] result = strategy.aggregate(1, List.of(new AgentUpdate("a", Weights.of(zero), 1, 0, 0, 0),
                new AgentUpdate("b", Weights.of(zero), 1, 0, 0, 0)));
        // Replace-one-agent sensitivity 2C: sum noise stddev z*2C = 4, divided by 2 agents: stddev 2.
        double std = Clipping.l2Norm(result) / Math.sqrt(result.length);
        assertEquals(2.0, std, 0.02);
    }

    @Test
    void centralDpWithoutSampling_releasesAnExactlyNoisedSumOnAPowerOfTwoLattice() {
        // z = 2, C = 1: sigma = 4; d = 3, so the step is 2^-10 (rounding slack sqrt(3)/2 x step <= C / 2^10).
        var strategy = new CentralDpFedAvg(1.0, 2.0, new GaussianMechanism(RandomSources.seededDrbg(7)));
        double[] mean = strategy.aggregate(1, List.of(update("a", 1, 0.3, 0.1, -0.2), update("b", 1, 3, 4, 0)));
        for (double x : mean) {
            double steps = Math.scalb(x * 2, 10); // the sum, in lattice steps
            assertEquals(Math.rint(steps), steps, 0, "the noised sum is an integer number of steps");
        }
    }

    @Test
    void centralDpWithClientSampling_releasesAnExactlyNoisedSumOnTheSameLattice() {
        // As without sampling: z = 2, C = 1, d = 3, step 2^-10; the fixed denominator 2 (a power of
        // two) keeps mean x 2 exact, so the released sum can be read back. Also with nobody drawn.
        var strategy = CentralDpFedAvg.sampled(1.0, 2.0, new GaussianMechanism(RandomSources.seededDrbg(7)), 3, () -> 2.0);
        for (var updates : List.of(List.of(update("a", 1, 0.3, 0.1, -0.2), update("b", 1, 3, 4, 0)), List.<AgentUpdate>of())) {
            double[] mean = strategy.aggregate(1, updates);
            for (double x : mean) {
                double steps = Math.scalb(x * 2, 10);
                assertEquals(Math.rint(steps), steps, 0, "the noised sum is an integer number of steps");
            }
        }
    }

    @Test
    void centralDpWithClientSampling_dividesByTheExpectedParticipants_notByTheDrawnNumber() {
        // Drawn 2 of 10 at F = 0.3: the mean divides by 0.3 x 10 = 3, whatever the draw gave.
        var strategy = CentralDpFedAvg.sampled(1.0, 1e-12, new GaussianMechanism(RandomSources.seededDrbg(3)), 2, () -> 3.0);
        double[] result = strategy.aggregate(1, List.of(update("a", 1, 3, 4), update("b", 1000, 0, 0.5)));
        assertArrayEquals(new double[] {0.2, 1.3 / 3}, result, 1e-9);
    }

    @Test
    void centralDpWithClientSampling_aRoundNobodyWasDrawnForReleasesTheNoiseAlone() {
        var strategy = CentralDpFedAvg.sampled(1.0, 2.0, new GaussianMechanism(RandomSources.seededDrbg(5)), 200_000,
                () -> 4.0);
        double[] result = strategy.aggregate(1, List.of());
        // Sum noise stddev z*2C = 4, over the fixed denominator 4: stddev 1.
        assertEquals(1.0, Clipping.l2Norm(result) / Math.sqrt(result.length), 0.01);
    }
}
