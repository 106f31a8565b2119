package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.run.BoundedUpdate;
import dev.pmad.protocol.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every expected value below is worked out by hand in the comment beside it. */
class InfluenceBoundTest {
    /** Rows capped at 10 medians, vectors bounded at 3 medians: the values below are worked out for these. */
    private static final InfluenceBound DEFAULT = new InfluenceBound(10, 3);

    @Test
    void theDefaultsAreTenMediansOfRowsAndFourMediansOfNorm() {
        assertEquals(new InfluenceBound(10, 4), InfluenceBound.DEFAULT);
    }

    private static AgentUpdate delta(String agent, int samples, double... delta) {
        return new AgentUpdate(agent, Weights.of(delta), samples, 0, 0, 0);
    }

    private static AgentUpdate gradient(String agent, int samples, double... gradient) {
        return new AgentUpdate(agent, Weights.zeros(gradient.length), samples, 0, 0, 0, Weights.of(gradient),
                Weights.zeros(0), Weights.zeros(0));
    }

    @Test
    void aDeclaredRowCountAboveTenMediansIsCappedAtTenMedians() {
        // rows 100, 200, 250, 300, 10^9: median 250, cap 10 x 250 = 2500.
        var updates = List.of(delta("a", 100, 1, 0), delta("b", 200, 1, 0), delta("c", 250, 1, 0), delta("d", 300, 1, 0),
                delta("e", 1_000_000_000, 1, 0));
        InfluenceBound.Result r = DEFAULT.apply(updates);
        assertEquals(List.of(100, 200, 250, 300, 2500), r.updates().stream().map(AgentUpdate::samples).toList());
        assertEquals(List.of(new BoundedUpdate("e", "samples", 1e9, 2500, false)), r.bounded());
    }

    @Test
    void aDeltaUpToTwiceTheBoundIsScaledDownToIt() {
        // norms 1, 2, 3, 4 and 12 ([0, 12]): median 3, bound 3 x 3 = 9; 12 <= 2 x 9, so scaled by 9/12.
        var updates = List.of(delta("a", 10, 1, 0), delta("b", 10, 0, 2), delta("c", 10, 3, 0), delta("d", 10, 0, 4),
                delta("e", 10, 0, 12));
        InfluenceBound.Result r = DEFAULT.apply(updates);
        assertEquals(5, r.updates().size());
        assertArrayEquals(new double[] {0, 9}, r.updates().get(4).delta().toArray(), 1e-12);
        assertArrayEquals(new double[] {0, 4}, r.updates().get(3).delta().toArray(), 0);
        assertEquals(List.of(new BoundedUpdate("e", "delta", 12, 9, false)), r.bounded());
    }

    @Test
    void aDeltaMoreThanTwiceOverTheBoundLeavesItsUpdateOut() {
        // norms 1, 2, 3, 4 and 30 ([18, 24]): median 3, bound 9; 30 > 18, so left out.
        var updates = List.of(delta("a", 10, 1, 0), delta("b", 10, 0, 2), delta("c", 10, 3, 0), delta("d", 10, 0, 4),
                delta("e", 10, 18, 24));
        InfluenceBound.Result r = DEFAULT.apply(updates);
        assertEquals(List.of("a", "b", "c", "d"), r.updates().stream().map(AgentUpdate::agent).toList());
        assertEquals(List.of(new BoundedUpdate("e", "delta", 30, 9, true)), r.bounded());
    }

    @Test
    void sumsOverRowsAreBoundedPerRow_soAnAgentWithManyRowsIsNotBounded() {
        // gradient norms 10, 20, 300 over 10, 20, 100 rows: per row 1, 1, 3; median 1, bound 3 per
        // row, 300 for 100 rows: nothing changes, though 300 is 15 times the median norm 20.
        var honest = List.of(gradient("a", 10, 10, 0), gradient("b", 20, 0, 20), gradient("c", 100, 0, 300));
        assertTrue(DEFAULT.apply(honest).bounded().isEmpty());
        // 120 over 20 rows is 6 per row: bound 3 x 20 = 60; 120 <= 2 x 60, so scaled to 60.
        var scaled = List.of(gradient("a", 10, 10, 0), gradient("b", 10, 0, 10), gradient("c", 20, 0, 120));
        InfluenceBound.Result r = DEFAULT.apply(scaled);
        assertArrayEquals(new double[] {0, 60}, r.updates().get(2).gradient().toArray(), 1e-12);
        assertEquals(List.of(new BoundedUpdate("c", "gradient", 120, 60, false)), r.bounded());
    }

    @Test
    void anUpdateWhoseNormOverflowsIsLeftOut() {
        // Weights are finite, but the norm of [1e200, 1e200] overflows to infinity.
        var updates = List.of(delta("a", 10, 1, 0), delta("b", 10, 0, 1), delta("c", 10, 1e200, 1e200));
        InfluenceBound.Result r = DEFAULT.apply(updates);
        assertEquals(List.of("a", "b"), r.updates().stream().map(AgentUpdate::agent).toList());
        assertTrue(r.bounded().get(0).leftOut());
    }

    @Test
    void whenLeavingOutWouldStarveTheStrategy_theVectorIsClippedInstead() {
        // As aDeltaMoreThanTwiceOverTheBound..., but the strategy needs all 5: [18, 24] scaled by 9/30.
        var updates = List.of(delta("a", 10, 1, 0), delta("b", 10, 0, 2), delta("c", 10, 3, 0), delta("d", 10, 0, 4),
                delta("e", 10, 18, 24));
        InfluenceBound.Result r = DEFAULT.apply(updates, 5);
        assertEquals(5, r.updates().size());
        assertArrayEquals(new double[] {5.4, 7.2}, r.updates().get(4).delta().toArray(), 1e-12);
        assertEquals(List.of(new BoundedUpdate("e", "delta", 30, 9, false)), r.bounded());
        // A vector whose norm overflows and that cannot be left out moves nothing.
        var nan = List.of(delta("a", 10, 1, 0), delta("b", 10, 0, 1), delta("c", 10, 1e200, 1e200));
        assertArrayEquals(new double[] {0, 0}, DEFAULT.apply(nan, 3).updates().get(2).delta().toArray(), 0);
    }

    @Test
    void theArgumentsAreNotModified_andOffChangesNothing() {
        AgentUpdate big = delta("e", 1_000_000, 0, 12);
        var updates = List.of(delta("a", 10, 1, 0), delta("b", 10, 0, 2), delta("c", 10, 3, 0), big);
        DEFAULT.apply(updates);
        assertArrayEquals(new double[] {0, 12}, big.delta().toArray(), 0);
        InfluenceBound.Result off = InfluenceBound.OFF.apply(updates);
        assertEquals(updates, off.updates());
        assertTrue(off.bounded().isEmpty());
        assertSame(updates.get(3), off.updates().get(3));
    }

    @Test
    void settingsBelowOneAreRefusedWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new InfluenceBound(0.5, 3));
        assertEquals("SAMPLE_CAP must be 0 (off) or a number >= 1 (a multiple of the round's median declared row count),"
                + " was 0.5", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new InfluenceBound(10, Double.NaN)).getMessage()
                .startsWith("NORM_BOUND must be 0 (off)"));
    }

    @Test
    void theSummaryCountsAgentsAndNamesTheFirstFew() {
        var bounded = List.of(new BoundedUpdate("e", "samples", 1e9, 2500, false), new BoundedUpdate("e", "delta", 30, 9, true),
                new BoundedUpdate("f", "delta", 12, 9, false), new BoundedUpdate("g", "delta", 11, 9, false));
        assertEquals("3 agents: e samples 1000000000 -> 2500; e left out: delta norm 30.0, bound 9.00;"
                + " f delta norm 12.0 -> 9.00; and 1 more", BoundedUpdate.summary(bounded));
    }
}
