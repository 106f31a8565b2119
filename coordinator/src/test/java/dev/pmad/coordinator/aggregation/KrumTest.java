package dev.pmad.coordinator.aggregation;

import static dev.pmad.coordinator.aggregation.Rounds.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KrumTest {
    private static final StrategyState NONE = StrategyState.Stateless.INSTANCE;

    /** Four honest deltas near [1, 1] and agent e sending honest a's delta times -10. */
    private static List<AgentUpdate> attacked(double scale) {
        return List.of(update("a", 1, scale * 1.0, scale * 1.0), update("b", 1, scale * 1.1, scale * 0.9),
                update("c", 1, scale * 0.9, scale * 1.0), update("d", 1, scale * 1.0, scale * 1.2),
                update("e", 1, scale * -10, scale * -10));
    }

    @Test
    void krum_scores_areTheSumOfSquaredDistancesToTheNearestMMinusFMinus2() {
        // m = 5, f = 1: the 2 nearest others. Squared distances:
        //   a: b 0.02, c 0.01, d 0.04, e 242    -> 0.01 + 0.02 = 0.03
        //   b: a 0.02, c 0.05, d 0.10, e 242.02 -> 0.02 + 0.05 = 0.07
        //   c: a 0.01, b 0.05, d 0.05, e 239.81 -> 0.01 + 0.05 = 0.06
        //   d: a 0.04, b 0.10, c 0.05, e 246.44 -> 0.04 + 0.05 = 0.09
        //   e: 239.81 + 242                    -> 481.81
        double[] scores = Krum.scores(Deltas.rows(attacked(1)), 1);
        assertArrayEquals(new double[] {0.03, 0.07, 0.06, 0.09, 481.81}, scores, 1e-9);
    }

    @Test
    void krum_twoRounds_matchesHandComputedValues() {
        var krum = new Krum(1, 1);
        // Round 1: a has the lowest score (0.03, above): x = [0, 0] + [1, 1]
        var one = krum.aggregate(new double[] {0, 0}, attacked(1), NONE);
        assertArrayEquals(new double[] {1, 1}, one.model(), 0);
        // Round 2, every delta halved: distances quarter, a still lowest: x = [1, 1] + [0.5, 0.5]
        var two = krum.aggregate(one.model(), attacked(0.5), one.state());
        assertArrayEquals(new double[] {1.5, 1.5}, two.model(), 0);
    }

    @Test
    void krum_picksTheHonestCluster_whereFedAvgFollowsTheOutlier() {
        double[] krum = new Krum(1, 1).aggregate(new double[] {0, 0}, attacked(1), NONE).model();
        double[] fedavg = new FedAvgStrategy().aggregate(new double[] {0, 0}, attacked(1), NONE).model();
        assertArrayEquals(new double[] {1, 1}, krum, 0);
        // FedAvg: ([1, 1] + [1.1, 0.9] + [0.9, 1] + [1, 1.2] - [10, 10]) / 5 = [-1.2, -1.18]
        assertArrayEquals(new double[] {-1.2, -1.18}, fedavg, 1e-12);
    }

    @Test
    void multiKrum_averagesTheKBestUniformly() {
        // k = 3 keeps a (0.03), c (0.06), b (0.07) whatever their sample counts:
        // ([1, 1] + [1.1, 0.9] + [0.9, 1]) / 3 = [1, 2.9/3]
        var updates = List.of(update("a", 1, 1.0, 1.0), update("b", 500, 1.1, 0.9), update("c", 1, 0.9, 1.0),
                update("d", 1, 1.0, 1.2), update("e", 1, -10, -10));
        var step = new Krum(1, 3).aggregate(new double[] {0, 0}, updates, NONE);
        assertArrayEquals(new double[] {1, 2.9 / 3}, step.model(), 1e-12);
    }

    @Test
    void krum_equalScores_goToTheEarlierAgent() {
        // Corners of a unit square: every score is 1 + 1 (f = 0, m - f - 2 = 2 neighbours).
        var square = List.of(update("a", 1, 0, 0), update("b", 1, 1, 0), update("c", 1, 0, 1), update("d", 1, 1, 1));
        assertArrayEquals(new double[] {0, 0}, new Krum(0, 1).aggregate(new double[] {0, 0}, square, NONE).model(), 0);
    }

    @Test
    void krum_refusesTooFewUpdatesForF() {
        var four = attacked(1).subList(0, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> new Krum(1, 1).aggregate(new double[] {0, 0}, four, NONE));
        assertEquals("krum needs more than 2f + 2 = 4 updates (Blanchard et al.'s condition for f = 1), got 4; "
                + "lower f or k, or require at least 5 agents per round", e.getMessage());
        assertEquals(5, new Krum(1, 1).minUpdates());
    }

    @Test
    void multiKrum_refusesKeepingMoreThanMMinusF() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Krum(1, 5).aggregate(new double[] {0, 0}, attacked(1), NONE));
        assertTrue(e.getMessage().contains("at least k + f = 6 updates to keep k = 5"), e.getMessage());
    }

    @Test
    void krum_defaults_toleratesOneAndKeepsAllButF() {
        assertEquals(Map.of("f", 1.0, "k", 0.0), new Krum().options());
    }

    @Test
    void defaultMultiKrum_averagesTheMMinusFBest_leavingTheOutlierOut() {
        // m = 5, f = 1: keeps the four honest updates a, b, c, d and drops e = [-10, -10]:
        // ([1, 1] + [1.1, 0.9] + [0.9, 1] + [1, 1.2]) / 4 = [1, 1.025]
        double[] model = new Krum().aggregate(new double[] {0, 0}, attacked(1), NONE).model();
        assertArrayEquals(new double[] {1, 1.025}, model, 1e-12);
    }
}
