package dev.pmad.coordinator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PhaseTest {

    @Test
    void everyPhaseIsReachableFromIdle() {
        var seen = java.util.EnumSet.of(Phase.IDLE);
        var frontier = new java.util.ArrayDeque<Phase>(seen);
        while (!frontier.isEmpty()) {
            for (Phase next : frontier.poll().next()) if (seen.add(next)) frontier.add(next);
        }
        assertTrue(seen.containsAll(java.util.EnumSet.allOf(Phase.class)), "unreachable: " + seen);
    }

    @Test
    void aRunCanAlwaysEnd_andTerminalPhasesAllowANewRun() {
        for (Phase p : Phase.values()) {
            if (p.running() && p != Phase.STOPPING) assertTrue(p.next().contains(Phase.STOPPING) && p.next().contains(Phase.FAILED), p.name());
            if (!p.running()) assertTrue(p.next().contains(Phase.REGISTERING), p.name());
        }
        assertFalse(Phase.COMPLETED.next().contains(Phase.TRAINING));
    }

    /** Renders the state machine as Graphviz DOT (target/coordinator-phases.dot) for the README. */
    @Test
    void rendersTheStateMachineAsDot() throws IOException {
        var dot = new StringBuilder("digraph coordinator {\n  rankdir=LR;\n");
        for (Phase p : Phase.values()) for (Phase n : p.next()) dot.append("  ").append(p).append(" -> ").append(n).append(";\n");
        dot.append("}\n");
        Path out = Path.of("target", "coordinator-phases.dot");
        Files.createDirectories(out.getParent());
        Files.writeString(out, dot);
        assertTrue(dot.toString().contains("EVALUATING -> COMPLETED"));
    }
}
