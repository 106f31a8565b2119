package dev.pmad.coordinator.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

class RosterTest {
    private static final FeatureStats STATS = new FeatureStats(Weights.of(2), Weights.of(4), Weights.of(10));
    private final Roster roster = new Roster();

    private static Join join(String incarnation, int trainSamples) {
        return new Join("", 0, "a", incarnation, "fingerprint", "tribuo", trainSamples, 5, STATS);
    }

    @Test
    void joinWithTheIncarnationAlreadyHeld_isAResend_andChangesNothing() {
        assertEquals(Roster.Arrival.FIRST, roster.join(join("0001", 10), 1_000));
        roster.seen("a", "TRAINING", 2_000);

        assertEquals(Roster.Arrival.RESEND, roster.join(join("0001", 99), 3_000));
        AgentView a = roster.views(3_000).get(0);
        assertEquals("TRAINING", a.state(), "a resend put the agent back to READY");
        assertEquals(10, a.trainSamples(), "a resend's content was read");
        assertEquals(1_000, a.millisSinceSeen(), "a resend is not a JOIN; the caller records it as a sign of life");
    }

    @Test
    void joinWithAnotherIncarnation_isARestart_andRefreshesTheAgent() {
        roster.join(join("0001", 10), 1_000);
        roster.seen("a", "TRAINING", 2_000);
        assertTrue(roster.markSilentAsLost(60_000, 15_000).contains("a"));

        assertEquals(Roster.Arrival.RESTART, roster.join(join("0002", 12), 61_000));
        AgentView a = roster.views(61_000).get(0);
        assertEquals("READY", a.state());
        assertEquals(12, a.trainSamples());
        assertEquals(List.of("a"), roster.active().stream().map(AgentRecord::id).toList());
    }
}
