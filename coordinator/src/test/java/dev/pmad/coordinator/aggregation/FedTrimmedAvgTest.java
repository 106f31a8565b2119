package dev.pmad.coordinator.aggregation;

import static dev.pmad.coordinator.aggregation.Rounds.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FedTrimmedAvgTest {
    private static final StrategyState NONE = StrategyState.Stateless.INSTANCE;

    private static List<AgentUpdate> five(double... column) {
        return List.of(update("a", 1, column[0]), update("b", 1, column[1]), update("c", 1, column[2]),
                update("d", 1, column[3]), update("e", 1, column[4]));
    }

    @Test
    void fedtrimmedavg_twoRounds_matchesHandComputedValues() {
        var trimmed = new FedTrimmedAvg(0.2);
        // Round 1, m = 5, k = floor(0.2*5) = 1: {9, -50, 1, 2, 3} sorted -50, 1, 2, 3, 9;
        //   drop -50 and 9: (1 + 2 + 3)/3 = 2; x = [1 + 2] = [3]
        var one = trimmed.aggregate(new double[] {1}, five(9, -50, 1, 2, 3), NONE);
        assertArrayEquals(new double[] {3}, one.model(), 1e-12);
        // Round 2: {0.5, 0.5, 100, 0.2, 0.8} sorted 0.2, 0.5, 0.5, 0.8, 100; drop 0.2 and 100:
        //   (0.5 + 0.5 + 0.8)/3 = 0.6; x = [3.6]
        var two = trimmed.aggregate(one.model(), five(0.5, 0.5, 100, 0.2, 0.8), one.state());
        assertArrayEquals(new double[] {3.6}, two.model(), 1e-12);
    }

    @Test
    void fedtrimmedavg_ties_dropOneCopyAtEachEnd() {
        // {5, 1, 1, 5, 1} sorted 1, 1, 1, 5, 5; k = 1 drops one 1 and one 5: (1 + 1 + 5)/3 = 7/3.
        var step = new FedTrimmedAvg(0.2).aggregate(new double[] {0}, five(5, 1, 1, 5, 1), NONE);
        assertArrayEquals(new double[] {7.0 / 3}, step.model(), 1e-12);
    }

    @Test
    void fedtrimmedavg_ignoresSampleCounts() {
        // Weighted, agent a's 1000 samples would pull the mean to ~10; trimmed and unweighted it is dropped.
        var updates = List.of(update("a", 1000, 10), update("b", 1, 1), update("c", 1, 2), update("d", 1, 3),
                update("e", 1, -4));
        var step = new FedTrimmedAvg(0.2).aggregate(new double[] {0}, updates, NONE);
        assertArrayEquals(new double[] {2}, step.model(), 1e-12);
    }

    @Test
    void fedtrimmedavg_trimsCountsFromBetaAsWritten() {
        // floor(0.29 * 100.0) is 28 in binary floating point; 0.29 of 100 agents is 29.
        assertEquals(29, new FedTrimmedAvg(0.29).trimmed(100));
        assertEquals(1, new FedTrimmedAvg(0.2).trimmed(5));
        assertEquals(0, new FedTrimmedAvg(0.2).trimmed(4));
        // Just under a half never trims everything: 2k < m.
        assertEquals(0, new FedTrimmedAvg(0.4999999999).trimmed(2));
        assertEquals(1, new FedTrimmedAvg(0.4999999999).trimmed(3));
    }

    @Test
    void fedtrimmedavg_betaZero_isTheUniformMean() {
        var step = new FedTrimmedAvg(0).aggregate(new double[] {0}, five(1, 2, 3, 4, 100), NONE);
        assertArrayEquals(new double[] {22}, step.model(), 1e-12);
    }

    @Test
    void fedtrimmedavg_refusesABetaThatCouldTrimEverything() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FedTrimmedAvg(0.5));
        assertEquals("fedtrimmedavg: beta must be in [0, 0.5), was 0.5", e.getMessage());
    }

    @Test
    void fedtrimmedavg_defaults_areFlowers() {
        assertEquals(Map.of("beta", 0.2), new FedTrimmedAvg().options());
    }
}
