package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FedAvgMTest {

    @Test
    void fedavgm_twoRounds_matchesHandComputedValues() {
        var steps = Rounds.twoRounds(new FedAvgM(0.5, 0.5));
        // Round 1: v = 0.5*[0, 0] + [0.3, -0.3] = [0.3, -0.3]; x = [1, -1] + 0.5*v = [1.15, -1.15]
        assertArrayEquals(new double[] {1.15, -1.15}, steps[0].model(), 1e-12);
        assertArrayEquals(new double[] {0.3, -0.3}, velocity(steps[0].state()), 1e-12);
        // Round 2: v = 0.5*[0.3, -0.3] + [1.2, 0] = [1.35, -0.15];
        //          x = [1.15, -1.15] + 0.5*v = [1.825, -1.225]
        assertArrayEquals(new double[] {1.35, -0.15}, velocity(steps[1].state()), 1e-12);
        assertArrayEquals(new double[] {1.825, -1.225}, steps[1].model(), 1e-12);
    }

    @Test
    void fedavgm_withoutMomentumAndUnitRate_isFedAvg() {
        var momentum = Rounds.twoRounds(new FedAvgM(1, 0));
        var plain = Rounds.twoRounds(new FedAvgStrategy());
        assertArrayEquals(plain[1].model(), momentum[1].model(), 1e-12);
    }

    @Test
    void fedavgm_defaults_areHsuEtAlsMomentumAndUnitRate() {
        assertEquals(Map.of("server_lr", 1.0, "beta", 0.9), new FedAvgM().options());
    }

    private static double[] velocity(StrategyState state) {
        return ((StrategyState.Velocity) state).velocity().toArray();
    }
}
