package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.dashboard.auth.ControlToken;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DASHBOARD_* variables and the control token. */
class DashboardConfigTest {

    @Test
    void withoutVariables_servesAllInterfacesOn8081_withAGeneratedToken() {
        var config = DashboardConfig.fromEnvironment(Map.of());
        assertEquals("0.0.0.0", config.host());
        assertEquals(8081, config.port());
        assertTrue(ControlToken.of(config.token()).generated());
    }

    @Test
    void variables_overrideTheDefaults() {
        var config = DashboardConfig.fromEnvironment(Map.of("DASHBOARD_PORT", "9090", "DASHBOARD_HOST", "127.0.0.1",
                "DASHBOARD_TOKEN", "s3cret-token"));
        assertEquals(9090, config.port());
        assertEquals("127.0.0.1", config.host());
        assertEquals("s3cret-token", ControlToken.of(config.token()).value());
        assertFalse(config.toString().contains("s3cret"), "the token must never be printed: " + config);
    }

    @Test
    void aPortThatIsNotANumber_saysWhichVariableToFix() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DashboardConfig.fromEnvironment(Map.of("DASHBOARD_PORT", "eighty")));
        assertEquals("DASHBOARD_PORT must be a port number (e.g. 8081), was 'eighty'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DashboardConfig.fromEnvironment(Map.of("DASHBOARD_PORT", "70000")));
    }

    @Test
    void generatedTokens_areLongAndDifferEachTime() {
        var a = ControlToken.of(null);
        var b = ControlToken.of("  ");
        assertTrue(a.generated() && b.generated());
        assertTrue(a.value().length() >= 32, a.value());
        assertNotEquals(a.value(), b.value());
        assertTrue(a.matches(a.value()));
        assertFalse(a.matches(b.value()));
    }
}
