package dev.pmad.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NoiseKindTest {
    @ParameterizedTest
    @CsvSource({"gaussian,GAUSSIAN", "GAUSSIAN,GAUSSIAN", "Laplace,LAPLACE"})
    void parse_acceptedSpellings_caseInsensitive(String text, NoiseKind expected) {
        assertEquals(expected, NoiseKind.parse(text, "DP_NOISE"));
    }

    @Test
    void parse_unknownValue_namesSettingAndChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> NoiseKind.parse("normal", "DP_NOISE"));
        assertEquals("unknown DP_NOISE 'normal': use gaussian or laplace", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(NoiseKind.class)
    void wireName_parsesBack(NoiseKind kind) {
        assertEquals(kind, NoiseKind.parse(kind.wireName(), "DP_NOISE"));
    }
}
