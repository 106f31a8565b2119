package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.protocol.Weights;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FedAdamTest {

    @Test
    void fedadam_twoRounds_matchesHandComputedValues() {
        var steps = Rounds.twoRounds(new FedAdam(1, 0.5, 0.75, 0.4));
        // v starts at tau^2 = 0.16, m at 0.
        // Round 1, Delta = [0.3, -0.3]: m = 0.5*Delta = [0.15, -0.15];
        //   v = 0.75*0.16 + 0.25*0.09 = 0.12 + 0.0225 = 0.1425;
        //   x = [1 + 0.15/(sqrt(0.1425) + 0.4), -1 - 0.15/(sqrt(0.1425) + 0.4)] ~ [1.1929, -1.1929]
        double d1 = Math.sqrt(0.1425) + 0.4;
        double[] x1 = {1 + 0.15 / d1, -1 - 0.15 / d1};
        assertArrayEquals(x1, steps[0].model(), 1e-12);
        assertArrayEquals(new double[] {0.1425, 0.1425}, Rounds.second(steps[0].state()), 1e-12);
        // Round 2, Delta = [1.2, 0]: m = [0.075 + 0.6, -0.075] = [0.675, -0.075];
        //   v = [0.75*0.1425 + 0.25*1.44, 0.75*0.1425] = [0.106875 + 0.36, 0.106875] = [0.466875, 0.106875];
        //   x = x1 + [0.675/(sqrt(0.466875) + 0.4), -0.075/(sqrt(0.106875) + 0.4)] ~ [1.8160, -1.2961]
        assertArrayEquals(new double[] {0.675, -0.075}, Rounds.first(steps[1].state()), 1e-12);
        assertArrayEquals(new double[] {0.466875, 0.106875}, Rounds.second(steps[1].state()), 1e-12);
        double[] x2 = {x1[0] + 0.675 / (Math.sqrt(0.466875) + 0.4), x1[1] - 0.075 / (Math.sqrt(0.106875) + 0.4)};
        assertArrayEquals(x2, steps[1].model(), 1e-12);
        assertArrayEquals(new double[] {1.8160, -1.2961}, steps[1].model(), 1e-4);
    }

    @Test
    void fedadam_fromFlowersZeroState_withFlowersBiasCorrectedRate_matchesFlowerFormulas() {
        // Flower's FedAdam uses eta * sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1)) in server round t;
        // ours has no bias correction (Algorithm 2), so each round gets that rate as its eta.
        double eta1 = 0.1 * Math.sqrt(1 - Math.pow(0.99, 2)) / (1 - Math.pow(0.9, 2));
        double eta2 = 0.1 * Math.sqrt(1 - Math.pow(0.99, 3)) / (1 - Math.pow(0.9, 3));
        var zero = new StrategyState.Moments(Weights.zeros(2), Weights.zeros(2));
        var steps = Rounds.twoRounds(new FedAdam(eta1, 0.9, 0.99, 1e-3), new FedAdam(eta2, 0.9, 0.99, 1e-3), zero);
        var flower = new FlowerFormulas(Rounds.global());
        flower.round(FlowerFormulas.FIRST, eta1, 0.9, 1e-3, (v, d2) -> 0.99 * v + (1 - 0.99) * d2);
        assertArrayEquals(flower.x, steps[0].model(), 1e-12);
        flower.round(FlowerFormulas.SECOND, eta2, 0.9, 1e-3, (v, d2) -> 0.99 * v + (1 - 0.99) * d2);
        assertArrayEquals(flower.x, steps[1].model(), 1e-12);
        assertArrayEquals(flower.m, Rounds.first(steps[1].state()), 1e-12);
        assertArrayEquals(flower.v, Rounds.second(steps[1].state()), 1e-12);
    }

    @Test
    void fedadam_paperInitialState_movesLessThanTauFromFlowers() {
        // v_0 = tau^2 instead of 0 changes sqrt(v) by at most tau, so each step by a small fraction.
        var ours = Rounds.twoRounds(new FedAdam());
        var flowerStart = Rounds.twoRounds(new FedAdam(), new FedAdam(),
                new StrategyState.Moments(Weights.zeros(2), Weights.zeros(2)));
        for (int i = 0; i < 2; i++) {
            double step = Math.abs(flowerStart[1].model()[i] - Rounds.global()[i]);
            assertEquals(flowerStart[1].model()[i], ours[1].model()[i], 0.01 * step);
        }
    }

    @Test
    void fedadam_defaults_areFlowers() {
        assertEquals(Map.of("eta", 0.1, "beta1", 0.9, "beta2", 0.99, "tau", 1e-3), new FedAdam().options());
    }
}
