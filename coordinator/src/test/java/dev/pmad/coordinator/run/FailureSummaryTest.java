package dev.pmad.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureSummaryTest {

    private static List<AgentFailure> failures(int count, String reason, int firstIndex) {
        return IntStream.range(firstIndex, firstIndex + count).mapToObj(i -> new AgentFailure("agent-" + i, reason)).toList();
    }

    @Test
    void manyAgentsFailingForOneReason_areCounted_withTheFirstThreeNamed() {
        assertEquals("391 of 10000 agents failed: agent-0, agent-1, agent-2 and 388 more (restarted during the round)",
                FailureSummary.of(failures(391, "restarted during the round", 0), 10_000));
    }

    @Test
    void differentReasons_areGroupedLargestFirst_eachWithItsAgents() {
        var all = new ArrayList<AgentFailure>();
        all.add(new AgentFailure("agent-12", "lost: no heartbeat for 15 s"));
        all.addAll(failures(2, "no update within ROUND_TIMEOUT=300 s", 7));
        assertEquals("3 of 10 agents failed: agent-7, agent-8 (no update within ROUND_TIMEOUT=300 s);"
                + " agent-12 (lost: no heartbeat for 15 s)", FailureSummary.of(all, 10));
    }

    @Test
    void reasonsBeyondTheFirstThree_areCountedNotListed() {
        var all = new ArrayList<AgentFailure>();
        for (int i = 0; i < 6; i++) all.add(new AgentFailure("agent-" + i, "error " + i));
        String summary = FailureSummary.of(all, 6);
        assertTrue(summary.endsWith("; and 3 more for 3 other reasons"), summary);
        assertFalse(summary.contains("error 3"), summary);
    }

    @Test
    void aSingleAgent_readsInTheSingular() {
        assertEquals("1 of 1 agent failed: a (refused)", FailureSummary.of(List.of(new AgentFailure("a", "refused")), 1));
    }

    @Test
    void tenThousandFailures_withLongNamesAndDistinctLongReasons_stayWithinTheBound_andShowNoRecord() {
        var all = new ArrayList<AgentFailure>();
        for (int i = 0; i < 10_000; i++) {
            all.add(new AgentFailure("agent-" + i + "@" + "x".repeat(250), "ERROR " + i + ": " + "detail ".repeat(300)));
        }
        String summary = FailureSummary.of(all, 10_000);
        assertTrue(summary.length() <= FailureSummary.MAX_LENGTH, summary.length() + " characters");
        assertTrue(summary.startsWith("10000 of 10000 agents failed: "), summary);
        assertFalse(summary.contains("AgentFailure"), summary);
    }

    @Test
    void aListOfAgents_namesTheFirstThree_andCountsTheRest() {
        assertEquals("9997 agents: agent-3, agent-4, agent-5 and 9994 more",
                FailureSummary.agents(IntStream.range(3, 10_000).mapToObj(i -> "agent-" + i).toList()));
        assertEquals("1 agent: c", FailureSummary.agents(List.of("c")));
        assertEquals("no agents", FailureSummary.agents(List.of()));
    }

    @Test
    void noFailures_sayIt() {
        assertEquals("no agent failed", FailureSummary.of(List.of(), 4));
    }
}
