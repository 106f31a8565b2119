package dev.pmad.coordinator.aggregation;

import static dev.pmad.coordinator.aggregation.Rounds.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FedAvgStrategyTest {

    @Test
    void fedavg_twoRounds_matchesHandComputedValues() {
        var steps = Rounds.twoRounds(new FedAvgStrategy());
        // Round 1: [1, -1] + [0.3, -0.3] = [1.3, -1.3]
        assertArrayEquals(new double[] {1.3, -1.3}, steps[0].model(), 1e-12);
        // Round 2: [1.3, -1.3] + [1.2, 0] = [2.5, -1.3]
        assertArrayEquals(new double[] {2.5, -1.3}, steps[1].model(), 1e-12);
        assertEquals(StrategyState.Stateless.INSTANCE, steps[1].state());
    }

    @Test
    void fedavg_weightsBySampleCount_notByAgent() {
        // (1*[4] + 3*[0]) / 4 = [1]; the unweighted mean would be [2].
        var step = new FedAvgStrategy().aggregate(new double[] {0}, List.of(update("a", 1, 4), update("b", 3, 0)),
                StrategyState.Stateless.INSTANCE);
        assertArrayEquals(new double[] {1}, step.model(), 0);
    }

    @Test
    void fedavg_addsTheSameBitsAsTheCoordinatorsFedAvg() {
        var updates = List.of(update("a", 7, 0.1, 0.7), update("b", 11, 0.2, 1e-9), update("c", 13, 0.3, -0.3));
        double[] global = {0.123, -4.56};
        double[] delta = new FedAvg().aggregate(1, updates);
        double[] expected = {global[0] + delta[0], global[1] + delta[1]};
        var step = new FedAvgStrategy().aggregate(global, updates, StrategyState.Stateless.INSTANCE);
        assertArrayEquals(expected, step.model(), 0);
    }
}
