package dev.pmad.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PrivacyModeTest {
    @ParameterizedTest
    @CsvSource({"none,NONE", "off,NONE", "OFF,NONE", "Record,RECORD", "local,LOCAL", "' central ',CENTRAL"})
    void parse_acceptedSpellings_caseInsensitive(String text, PrivacyMode expected) {
        assertEquals(expected, PrivacyMode.parse(text, "DP_MODE"));
    }

    @Test
    void parse_unknownValue_namesSettingAndChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> PrivacyMode.parse("foo", "DP_MODE"));
        assertEquals("unknown DP_MODE 'foo': use none, record, local or central", e.getMessage());
    }

    @Test
    void parse_null_isRejectedWithTheSettingName() {
        var e = assertThrows(IllegalArgumentException.class, () -> PrivacyMode.parse(null, "--dp-mode"));
        assertEquals("unknown --dp-mode 'null': use none, record, local or central", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(PrivacyMode.class)
    void wireName_isLowerCaseAndParsesBack(PrivacyMode mode) {
        assertEquals(mode.name().toLowerCase(java.util.Locale.ROOT), mode.wireName());
        assertEquals(mode, PrivacyMode.parse(mode.wireName(), "DP_MODE"));
    }
}
