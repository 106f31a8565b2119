package dev.pmad.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Where the page keeps the control token, in headless Chromium against a real {@code pmad demo}:
 * for the tab only by default, in the browser profile only with Remember ticked, and nowhere
 * after Forget. All under the dashboard's Content-Security-Policy.
 */
class DashboardTokenBrowserTest {
    private static final String KEY = "pmad-dashboard-token";

    private DemoClient demo;
    private Browser browser;

    @BeforeEach
    void openThePage() throws Exception {
        Browser.requireChromium();
        demo = new DemoClient();
        demo.awaitIdleWithAgents(5);
        browser = Browser.open(1200, 900);
        browser.driver.get(demo.demo.url());
    }

    @AfterEach
    void closeEverything() throws Exception {
        if (browser != null) browser.close();
        if (demo != null) demo.close();
    }

    @Test
    void remember_keepsTheTokenAcrossReloads_andForget_clearsBothStores() throws Exception {
        await(() -> text("connection").equals("live"), "the live connection");
        assertEquals("Enter control token", text("token-state"));

        click("unlock");
        await(() -> displayed("token-dialog"), "the token dialog");
        assertFalse(displayed("token-forget"), "nothing to forget yet");
        assertFalse(browser.driver.findElement(By.id("token-remember")).isSelected(), "Remember is opt-in");
        browser.driver.findElement(By.id("token-input")).sendKeys(demo.token());
        click("token-remember");
        click("token-save");
        assertEquals(demo.token(), stored("sessionStorage"));
        assertEquals(demo.token(), stored("localStorage"), "remembered");
        assertEquals("Controls unlocked", text("token-state"));

        // A new tab has an empty sessionStorage; the remembered token still unlocks it.
        browser.js("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        await(() -> text("connection").equals("live"), "the live connection after the reload");
        assertEquals("Controls unlocked", text("token-state"));

        click("unlock");
        await(() -> displayed("token-dialog"), "the token dialog");
        assertTrue(browser.driver.findElement(By.id("token-remember")).isSelected(), "shows that it is remembered");
        click("token-forget");
        assertEquals(null, stored("sessionStorage"));
        assertEquals(null, stored("localStorage"));
        assertEquals("Enter control token", text("token-state"));
        assertTrue(text("control-message").startsWith("Token forgotten"), text("control-message"));
        assertEquals(List.of(), browser.cspViolations(), "nothing refused by the Content-Security-Policy");
    }

    private Object stored(String store) {
        return browser.js("return " + store + ".getItem(arguments[0])", KEY);
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText().strip();
    }

    private boolean displayed(String id) {
        return browser.driver.findElement(By.id(id)).isDisplayed();
    }

    private void click(String id) {
        browser.driver.findElement(By.id(id)).click();
    }

    private void await(Supplier<Boolean> condition, String what) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20), Duration.ofMillis(100)).withMessage(what)
                .until(d -> condition.get());
    }
}
