package dev.pmad.coordinator.aggregation;

import static dev.pmad.coordinator.aggregation.Rounds.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FedMedianTest {
    private static final StrategyState NONE = StrategyState.Stateless.INSTANCE;

    @Test
    void fedmedian_twoRounds_matchesHandComputedValues() {
        var median = new FedMedian();
        // Round 1, columns {1, 3, 2} and {5, -2, 100}: medians [2, 5]; x = [0, 0] + [2, 5] = [2, 5]
        var one = median.aggregate(new double[] {0, 0},
                List.of(update("a", 1, 1, 5), update("b", 1, 3, -2), update("c", 1, 2, 100)), NONE);
        assertArrayEquals(new double[] {2, 5}, one.model(), 0);
        // Round 2, columns {-1, 0, 4} and {0.5, 0.5, -7}: medians [0, 0.5]; x = [2, 5.5]
        var two = median.aggregate(one.model(),
                List.of(update("a", 1, -1, 0.5), update("b", 1, 0, 0.5), update("c", 1, 4, -7)), one.state());
        assertArrayEquals(new double[] {2, 5.5}, two.model(), 0);
    }

    @Test
    void fedmedian_evenCount_averagesTheTwoMiddleValues() {
        // Column {1, 2, 10, 4} sorted is 1, 2, 4, 10: (2 + 4)/2 = 3. Column {-1, -1, 7, 8}: (-1 + 7)/2 = 3.
        var step = new FedMedian().aggregate(new double[] {10, 0},
                List.of(update("a", 1, 1, -1), update("b", 1, 2, -1), update("c", 1, 10, 7), update("d", 1, 4, 8)), NONE);
        assertArrayEquals(new double[] {13, 3}, step.model(), 0);
    }

    @Test
    void fedmedian_ignoresSampleCounts() {
        // Weighted by samples the mean would be near 100; every agent counts once: median 1.
        var step = new FedMedian().aggregate(new double[] {0},
                List.of(update("a", 1_000_000, 100), update("b", 1, 1), update("c", 1, 0)), NONE);
        assertArrayEquals(new double[] {1}, step.model(), 0);
    }

    @Test
    void fedmedian_extremeValues_doNotOverflow() {
        double big = Double.MAX_VALUE;
        var step = new FedMedian().aggregate(new double[] {0},
                List.of(update("a", 1, big), update("b", 1, big)), NONE);
        assertArrayEquals(new double[] {big}, step.model(), 0);
    }
}
