package dev.pmad.coordinator.aggregation;

import static dev.pmad.coordinator.aggregation.Rounds.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FedYogiTest {

    @Test
    void fedyogi_twoRounds_matchesHandComputedValues() {
        var steps = Rounds.twoRounds(new FedYogi(1, 0.5, 0.75, 0.4));
        // v starts at tau^2 = 0.16, m at 0.
        // Round 1, Delta = [0.3, -0.3], Delta^2 = 0.09 < v, sign(v - Delta^2) = +1:
        //   v = 0.16 - 0.25*0.09 = 0.1375 (Adam: 0.1425); m = [0.15, -0.15];
        //   x = [1 + 0.15/(sqrt(0.1375) + 0.4), -1 - 0.15/(sqrt(0.1375) + 0.4)]
        double d1 = Math.sqrt(0.1375) + 0.4;
        double[] x1 = {1 + 0.15 / d1, -1 - 0.15 / d1};
        assertArrayEquals(x1, steps[0].model(), 1e-12);
        assertArrayEquals(new double[] {0.1375, 0.1375}, Rounds.second(steps[0].state()), 1e-12);
        // Round 2, Delta = [1.2, 0]: m = [0.675, -0.075];
        //   coordinate 0: Delta^2 = 1.44 > v, sign = -1: v = 0.1375 + 0.25*1.44 = 0.4975
        //   coordinate 1: Delta^2 = 0 < v, sign = +1:    v = 0.1375 - 0.25*0 = 0.1375
        //   x = x1 + [0.675/(sqrt(0.4975) + 0.4), -0.075/(sqrt(0.1375) + 0.4)]
        assertArrayEquals(new double[] {0.675, -0.075}, Rounds.first(steps[1].state()), 1e-12);
        assertArrayEquals(new double[] {0.4975, 0.1375}, Rounds.second(steps[1].state()), 1e-12);
        double[] x2 = {x1[0] + 0.675 / (Math.sqrt(0.4975) + 0.4), x1[1] - 0.075 / d1};
        assertArrayEquals(x2, steps[1].model(), 1e-12);
    }

    @Test
    void fedyogi_fromFlowersZeroState_matchesFlowerFormulas() {
        var zero = new StrategyState.Moments(Weights.zeros(2), Weights.zeros(2));
        var ours = new FedYogi();
        var steps = Rounds.twoRounds(ours, ours, zero);
        var flower = new FlowerFormulas(Rounds.global());
        flower.round(FlowerFormulas.FIRST, 0.01, 0.9, 1e-3, (v, d2) -> v - (1 - 0.99) * d2 * Math.signum(v - d2));
        assertArrayEquals(flower.x, steps[0].model(), 1e-12);
        flower.round(FlowerFormulas.SECOND, 0.01, 0.9, 1e-3, (v, d2) -> v - (1 - 0.99) * d2 * Math.signum(v - d2));
        assertArrayEquals(flower.x, steps[1].model(), 1e-12);
        assertArrayEquals(flower.v, Rounds.second(steps[1].state()), 1e-12);
    }

    @Test
    void fedyogi_zeroDeltas_keepTheSecondMoment_whereFedAdamDecaysIt() {
        var big = List.of(update("a", 1, 1.0));
        var none = List.of(update("a", 1, 0.0));
        var yogi = new FedYogi();
        var adam = new FedAdam();
        StrategyState y = yogi.aggregate(new double[] {0}, big, yogi.initialState(1)).state();
        StrategyState a = adam.aggregate(new double[] {0}, big, adam.initialState(1)).state();
        double yogiAfterBig = Rounds.second(y)[0];
        for (int round = 0; round < 50; round++) {
            y = yogi.aggregate(new double[] {0}, none, y).state();
            a = adam.aggregate(new double[] {0}, none, a).state();
        }
        // Yogi: v - 0.01*0*sign(v) = v. Adam: 0.99^50 ~ 0.61 of what it was.
        assertEquals(yogiAfterBig, Rounds.second(y)[0], 0);
        assertTrue(Rounds.second(a)[0] < 0.62 * yogiAfterBig);
    }

    @Test
    void fedyogi_defaults_areFlowers() {
        assertEquals(Map.of("eta", 0.01, "beta1", 0.9, "beta2", 0.99, "tau", 1e-3), new FedYogi().options());
    }
}
