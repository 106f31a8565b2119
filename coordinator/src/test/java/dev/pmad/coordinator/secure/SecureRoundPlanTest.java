package dev.pmad.coordinator.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.SecureAggregation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a round's secure aggregation is planned from the settings, and which runs are refused. */
class SecureRoundPlanTest {
    private static final SecureAggregationSettings ON = new SecureAggregationSettings(true, 0, 48, -1, 10);

    private static List<String> agents(int n) {
        var ids = new ArrayList<String>();
        for (int i = 0; i < n; i++) ids.add(String.format("agent-%03d", n - i)); // unsorted on purpose
        return ids;
    }

    @Test
    void fiveAgents_completeGraph_majorityThreshold_sortedAgents() {
        SecureAggregation wire = SecureRound.plan(ON, agents(5), 120);
        assertEquals(0, wire.neighbours());
        assertEquals(3, wire.threshold(), "floor(5/2) + 1");
        assertEquals("agent-001", wire.agents().get(0));
        assertEquals(120, wire.maxSamples());
        assertEquals(10.0, wire.bound());
    }

    @Test
    void hundredAgents_neighbourhoodGraph_thresholdAMajorityOfTheNeighbourhood() {
        SecureAggregation wire = SecureRound.plan(ON, agents(100), 1);
        // 3 log2 100 = 19.9, rounded up to 20 (even).
        assertEquals(20, wire.neighbours());
        assertEquals(11, wire.threshold(), "floor(21/2) + 1 of 21 holders");
    }

    @Test
    void aThresholdBelowAMajority_orAboveTheHolders_isRefusedNamingTheSetting() {
        var low = new SecureAggregationSettings(true, 2, 48, 0, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> SecureRound.plan(low, agents(5), 1));
        assertTrue(e.getMessage().contains("SECURE_AGGREGATION_THRESHOLD=2") && e.getMessage().contains("majority"),
                e.getMessage());
        var high = new SecureAggregationSettings(true, 6, 48, 0, 10);
        assertThrows(IllegalArgumentException.class, () -> SecureRound.plan(high, agents(5), 1));
        assertThrows(IllegalArgumentException.class, () -> SecureRound.plan(ON, agents(1), 1));
    }

    @Test
    void strategiesThatNeedEachUpdate_theInfluenceBound_andDp_areRefusedNamingBothSettings() {
        for (String name : List.of("fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi", "fedadagrad")) {
            assertNull(ON.refusal(Strategies.parse(name), InfluenceBound.OFF, PrivacyMode.NONE), name);
        }
        for (String name : List.of("krum", "fedmedian", "fedtrimmedavg", "newton", "scaffold")) {
            String refusal = ON.refusal(Strategies.parse(name), InfluenceBound.OFF, PrivacyMode.NONE);
            assertTrue(refusal.contains("STRATEGY=" + name) && refusal.contains("SECURE_AGGREGATION=true"), refusal);
        }
        String bound = ON.refusal(Strategies.parse("fedavg"), InfluenceBound.DEFAULT, PrivacyMode.NONE);
        assertTrue(bound.contains("NORM_BOUND") && bound.contains("SECURE_AGGREGATION=true"), bound);
        // Central DP runs as distributed DP (the agents noise); record and local mode do not combine.
        assertNull(ON.refusal(Strategies.parse("fedavg"), InfluenceBound.OFF, PrivacyMode.CENTRAL));
        String dp = ON.refusal(Strategies.parse("fedavg"), InfluenceBound.OFF, PrivacyMode.LOCAL);
        assertTrue(dp.contains("DP_MODE=local") && dp.contains("SECURE_AGGREGATION=true"), dp);
        assertNull(SecureAggregationSettings.OFF.refusal(Strategies.parse("krum"), InfluenceBound.DEFAULT, PrivacyMode.CENTRAL));
    }
}
