package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compose's interpolation rules, as documented for `docker compose`. */
class InterpolationTest {
    private static String apply(String text, Map<String, String> env) {
        return Interpolation.apply(text, env, new ArrayList<>());
    }

    @Test
    void colonDash_usesTheDefaultWhenUnsetOrEmpty() {
        assertEquals("5", apply("${N:-5}", Map.of()));
        assertEquals("5", apply("${N:-5}", Map.of("N", "")));
        assertEquals("7", apply("${N:-7}", Map.of("N", "7")));
    }

    @Test
    void dash_usesTheDefaultOnlyWhenUnset() {
        assertEquals("", apply("${N-5}", Map.of("N", "")));
        assertEquals("5", apply("${N-5}", Map.of()));
    }

    @Test
    void plainReferences_andDoubleDollar() {
        assertEquals("a-b $HOME", apply("$A-${B} $$HOME", Map.of("A", "a", "B", "b")));
        assertEquals("", apply("${UNSET}", Map.of()));
    }

    @Test
    void alternativeValue_whenSet() {
        assertEquals("yes", apply("${N:+yes}", Map.of("N", "1")));
        assertEquals("", apply("${N:+yes}", Map.of()));
    }

    @Test
    void requiredVariable_failsWithItsMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> apply("${TOKEN:?set a token}", Map.of()));
        assertEquals("variable TOKEN is required: set a token", e.getMessage());
    }

    @Test
    void uses_recordNamesOperatorsAndDefaults() {
        List<Interpolation.Use> uses = Interpolation.uses("${A:-1}:${B}:${C-x}");
        assertEquals(List.of("A", "B", "C"), uses.stream().map(Interpolation.Use::name).toList());
        assertEquals(List.of("1", "", "x"), uses.stream().map(Interpolation.Use::defaultValue).toList());
    }
}
