package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.secagg.SecAggException.Reason;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecAggDropoutTest {
    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

    private static SecAggParams five(int threshold) {
        return new SecAggParams("run-drop", 2, FIVE, threshold, 32, Graph.COMPLETE, 1000);
    }

    @Test
    void oneDropsAfterItsMaskedInput_oneBefore_sumIsTheSurvivorsInputsExactly() {
        SecAggParams p = five(SecAggParams.defaultThreshold(5));
        assertEquals(3, p.threshold());
        Federation f = new Federation(p, 11);
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        f.maskedInputs(Set.of("b")); // b drops before sending its masked input
        UnmaskRequest req = f.server.unmaskRequest();
        assertEquals(List.of("a", "c", "d", "e"), req.survivors());
        assertEquals(List.of("b"), req.dropped());
        assertTrue(Collections.disjoint(req.survivors(), req.dropped()), "never both secrets");
        f.unmask(Set.of("d")); // d drops after: its input is in, its reply never comes

        assertTrue(f.server.canFinish());
        assertArrayEquals(f.plainSum(List.of("a", "c", "d", "e")), f.server.sum());
        assertEquals(Set.of("a", "c", "d", "e"), f.server.contributors());
    }

    @Test
    void dropsInEveryPhase_withSecAggPlusNeighbourhoods_sumIsTheSurvivorsInputs() {
        SecAggParams p = new SecAggParams("run-drop+", 4, Federation.names(20), 4, 32,
                Graph.harary(6), 300);
        Federation f = new Federation(p, 12);
        f.advertise(Set.of("agent-000"));
        f.shareKeys(Set.of("agent-005"));
        f.maskedInputs(Set.of("agent-010"));
        f.unmask(Set.of("agent-015"));
        List<String> in = p.agents().stream()
                .filter(a -> !Set.of("agent-000", "agent-005", "agent-010").contains(a)).toList();
        assertArrayEquals(f.plainSum(in), f.server.sum());
    }

    @Test
    void tooFewUnmaskReplies_sumFailsBelowThreshold_withAClearMessage() {
        Federation f = new Federation(five(3), 13);
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        f.maskedInputs(Set.of("b"));
        f.unmask(Set.of("c", "d")); // only a and e reply

        assertFalse(f.server.canFinish());
        SecAggException e = assertThrows(SecAggException.class, f.server::sum);
        assertEquals(Reason.BELOW_THRESHOLD, e.reason());
        assertTrue(e.getMessage().contains("threshold is 3") && e.getMessage().contains("2 shares")
                && e.getMessage().contains("cannot finish"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} masked inputs missing")
    @ValueSource(ints = {3, 4})
    void tooFewMaskedInputs_unmaskRequestFailsBelowThreshold(int missing) {
        Federation f = new Federation(five(3), 14);
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        f.maskedInputs(Set.copyOf(FIVE.subList(0, missing)));

        SecAggException e = assertThrows(SecAggException.class, f.server::unmaskRequest);
        assertEquals(Reason.BELOW_THRESHOLD, e.reason());
        assertTrue(e.getMessage().contains("sent masked inputs"), e.getMessage());
    }

    @Test
    void tooFewAdverts_rosterFailsBelowThreshold() {
        Federation f = new Federation(five(3), 15);
        f.advertise(Set.of("a", "b", "c"));
        SecAggException e = assertThrows(SecAggException.class, f.server::roster);
        assertEquals(Reason.BELOW_THRESHOLD, e.reason());
        assertTrue(e.getMessage().contains("only 2") && e.getMessage().contains("advertised"),
                e.getMessage());
    }
}
