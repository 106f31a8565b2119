package dev.pmad.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's lifecycle allows exactly the moves its javadoc describes, and nothing else. */
class AgentStateTest {

    private static List<String> moves() {
        var moves = new ArrayList<String>();
        for (AgentState from : AgentState.values()) {
            for (AgentState to : from.next()) moves.add(from + "->" + to);
        }
        return moves;
    }

    @Test
    void next_allowsOnlyTheDocumentedLifecycle() {
        assertEquals(List.of(
                "JOINING->READY", "JOINING->REFUSED", "JOINING->STOPPED",
                "READY->JOINING", "READY->TRAINING", "READY->EVALUATING", "READY->REFUSED", "READY->STOPPED",
                "TRAINING->READY", "TRAINING->STOPPED",
                "EVALUATING->READY", "EVALUATING->STOPPED",
                "REFUSED->JOINING", "REFUSED->READY", "REFUSED->STOPPED"), moves());
    }

    @Test
    void aRefusedAgent_cannotTrainOrEvaluate_withoutFirstBecomingReady() {
        assertFalse(AgentState.REFUSED.next().contains(AgentState.TRAINING));
        assertFalse(AgentState.REFUSED.next().contains(AgentState.EVALUATING));
        assertFalse(AgentState.JOINING.next().contains(AgentState.TRAINING));
        assertFalse(AgentState.TRAINING.next().contains(AgentState.EVALUATING));
    }

    @Test
    void stopped_isFinal() {
        assertEquals(0, AgentState.STOPPED.next().size());
    }

    /** The graph as DOT, for the README. */
    @Test
    void renderedAsDot_listsEveryMove() {
        var dot = new StringBuilder("digraph agent {\n");
        for (AgentState from : AgentState.values()) {
            for (AgentState to : from.next()) dot.append("  ").append(from).append(" -> ").append(to).append(";\n");
        }
        dot.append("}\n");
        assertEquals(moves().size(), dot.toString().lines().filter(l -> l.contains("->")).count());
    }
}
