package dev.pmad.agent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionTest {
    @Test
    void parse_iid_isIid() {
        assertEquals(Partition.IID, Partition.parse("iid"));
        assertEquals(Partition.IID, Partition.parse(" IID "));
    }

    @Test
    void parse_dirichlet_readsAlpha() {
        Partition p = Partition.parse("dirichlet:0.5");
        assertEquals("dirichlet", p.kind());
        assertEquals(0.5, p.alpha());
        assertEquals("dirichlet:0.5", p.toString());
    }

    @Test
    void parse_unknownKind_namesPartitionOptionAndChoices() {
        var e = assertThrows(DataException.class, () -> Partition.parse("random"));
        assertTrue(e.getMessage().contains("--partition"), e.getMessage());
        assertTrue(e.getMessage().contains("iid or dirichlet:ALPHA"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dirichlet:abc", "dirichlet:", "dirichlet:NaN"})
    void parse_alphaNotANumber_namesPartitionOption(String text) {
        var e = assertThrows(DataException.class, () -> Partition.parse(text));
        assertTrue(e.getMessage().contains("--partition"), e.getMessage());
        assertTrue(e.getMessage().contains("not a number"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dirichlet:0", "dirichlet:-1", "dirichlet:1e999"})
    void parse_alphaNotPositiveFinite_namesPartitionOption(String text) {
        var e = assertThrows(DataException.class, () -> Partition.parse(text));
        assertTrue(e.getMessage().contains("--partition"), e.getMessage());
        assertTrue(e.getMessage().contains("ALPHA > 0"), e.getMessage());
    }
}
