package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.protocol.Weights;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FedAdagradTest {

    @Test
    void fedadagrad_twoRounds_matchesHandComputedValues() {
        var steps = Rounds.twoRounds(new FedAdagrad(1, 0.5, 0.4));
        // v starts at tau^2 = 0.16, m at 0.
        // Round 1, Delta = [0.3, -0.3]: m = 0.5*0 + 0.5*Delta = [0.15, -0.15];
        //   v = 0.16 + 0.09 = 0.25, sqrt(v) + tau = 0.5 + 0.4 = 0.9;
        //   x = [1 + 0.15/0.9, -1 - 0.15/0.9]
        double[] x1 = {1 + 0.15 / 0.9, -1 - 0.15 / 0.9};
        assertArrayEquals(x1, steps[0].model(), 1e-12);
        assertArrayEquals(new double[] {0.15, -0.15}, Rounds.first(steps[0].state()), 1e-12);
        assertArrayEquals(new double[] {0.25, 0.25}, Rounds.second(steps[0].state()), 1e-12);
        // Round 2, Delta = [1.2, 0]: m = [0.075 + 0.6, -0.075 + 0] = [0.675, -0.075];
        //   v = [0.25 + 1.44, 0.25 + 0] = [1.69, 0.25], sqrt(v) + tau = [1.7, 0.9];
        //   x = x1 + [0.675/1.7, -0.075/0.9]
        assertArrayEquals(new double[] {0.675, -0.075}, Rounds.first(steps[1].state()), 1e-12);
        assertArrayEquals(new double[] {1.69, 0.25}, Rounds.second(steps[1].state()), 1e-12);
        assertArrayEquals(new double[] {x1[0] + 0.675 / 1.7, x1[1] - 0.075 / 0.9}, steps[1].model(), 1e-12);
    }

    @Test
    void fedadagrad_fromFlowersZeroState_matchesFlowerFormulas() {
        var zero = new StrategyState.Moments(Weights.zeros(2), Weights.zeros(2));
        var ours = new FedAdagrad();
        var steps = Rounds.twoRounds(ours, ours, zero);
        var flower = new FlowerFormulas(Rounds.global());
        flower.round(FlowerFormulas.FIRST, 0.1, 0.0, 1e-3, (v, d2) -> v + d2);
        assertArrayEquals(flower.x, steps[0].model(), 1e-12);
        flower.round(FlowerFormulas.SECOND, 0.1, 0.0, 1e-3, (v, d2) -> v + d2);
        assertArrayEquals(flower.x, steps[1].model(), 1e-12);
        assertArrayEquals(flower.v, Rounds.second(steps[1].state()), 1e-12);
    }

    @Test
    void fedadagrad_defaults_areFlowers() {
        assertEquals(Map.of("eta", 0.1, "beta1", 0.0, "tau", 1e-3), new FedAdagrad().options());
    }

    @Test
    void fedadagrad_initialState_isZeroMomentAndTauSquared() {
        var state = (StrategyState.Moments) new FedAdagrad(0.1, 0, 0.01).initialState(3);
        assertEquals(Weights.zeros(3), state.first());
        assertArrayEquals(new double[] {1e-4, 1e-4, 1e-4}, state.second().toArray(), 1e-20);
    }
}
