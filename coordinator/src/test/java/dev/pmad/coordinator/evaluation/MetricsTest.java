package dev.pmad.coordinator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.EvalResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void combine_addsConfusionMatricesAcrossAgents_andMacroAverages() {
        // Agent 1: true0->pred0 4, true0->pred1 1, true1->pred1 3. Agent 2: true1->pred0 2.
        var results = List.of(new EvalResult("r", 1, "a", List.of(4L, 1L, 0L, 3L), 2.0, 8),
                new EvalResult("r", 1, "b", List.of(0L, 0L, 2L, 0L), 1.0, 2));
        Metrics m = Metrics.combine(2, results);
        // Combined [[4,1],[2,3]]: accuracy 7/10; class 0 p=4/6 r=4/5; class 1 p=3/4 r=3/5.
        assertEquals(0.7, m.accuracy(), 1e-12);
        assertEquals(0.3, m.loss(), 1e-12);
        assertEquals((4.0 / 6 + 3.0 / 4) / 2, m.precision(), 1e-12);
        assertEquals((4.0 / 5 + 3.0 / 5) / 2, m.recall(), 1e-12);
        double f0 = 2 * (4.0 / 6) * (4.0 / 5) / (4.0 / 6 + 4.0 / 5);
        double f1 = 2 * (3.0 / 4) * (3.0 / 5) / (3.0 / 4 + 3.0 / 5);
        assertEquals((f0 + f1) / 2, m.f1(), 1e-12);
    }

    @Test
    void classNeverPredicted_countsAsZeroPrecision() {
        Metrics m = Metrics.fromConfusion(2, new long[] {5, 0, 5, 0}, 1, 10);
        assertEquals(0.5, m.accuracy(), 1e-12);
        assertEquals(0.25, m.precision(), 1e-12);
    }

    @Test
    void noResults_giveEmptyMetrics() {
        assertTrue(Double.isNaN(Metrics.combine(2, List.of()).accuracy()));
    }
}
