package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StrategyAggregationTest {

    @Test
    void adapter_drivenLikeTheCoordinator_followsTheStrategyRoundByRound() {
        // The coordinator today: delta = strategy.aggregate(round, updates); global += delta.
        double[] global = Rounds.global();
        var adapter = new StrategyAggregation(new FedAdam(1, 0.5, 0.75, 0.4), 2, () -> global);
        var direct = Rounds.twoRounds(new FedAdam(1, 0.5, 0.75, 0.4));

        double[] delta = adapter.aggregate(1, Rounds.first());
        for (int i = 0; i < delta.length; i++) global[i] += delta[i];
        assertArrayEquals(direct[0].model(), global, 1e-15);
        assertEquals(direct[0].state(), adapter.state());

        delta = adapter.aggregate(2, Rounds.second());
        for (int i = 0; i < delta.length; i++) global[i] += delta[i];
        assertArrayEquals(direct[1].model(), global, 1e-15);
        assertEquals("fedadam", adapter.name());
    }

    @Test
    void adapter_withFedAvg_returnsFedAvgsDelta() {
        double[] global = {0.25, 8};
        var adapter = new StrategyAggregation(new FedAvgStrategy(), 2, () -> global);
        assertArrayEquals(new FedAvg().aggregate(1, Rounds.first()), adapter.aggregate(1, Rounds.first()), 1e-15);
        assertArrayEquals(new double[] {0.25, 8}, global, 0);
    }
}
