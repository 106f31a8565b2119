package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.dashboard.auth.ControlToken;
import org.junit.jupiter.api.Test;

/** How the dashboard is served, and the control token (the DASHBOARD_* variables are read by the cli: ConfigurationTest). */
class DashboardConfigTest {

    @Test
    void defaults_serveAllInterfacesOn8081_withAGeneratedToken() {
        var config = DashboardConfig.defaults();
        assertEquals("0.0.0.0", config.host());
        assertEquals(8081, config.port());
        assertTrue(ControlToken.of(config.token()).generated());
    }

    @Test
    void theToken_isNeverPrinted_andABadPortNamesItsVariable() {
        var config = DashboardConfig.defaults().withToken("s3cret-token");
        assertEquals("s3cret-token", ControlToken.of(config.token()).value());
        assertFalse(config.toString().contains("s3cret"), "the token must never be printed: " + config);
        var e = assertThrows(IllegalArgumentException.class, () -> DashboardConfig.defaults().withPort(70000));
        assertTrue(e.getMessage().startsWith("DASHBOARD_PORT"), e.getMessage());
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
