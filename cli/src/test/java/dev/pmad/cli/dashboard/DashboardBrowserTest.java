package dev.pmad.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Acceptance 1 of the dashboard issue, in headless Chromium against the real coordinator and five
 * real agents: a user opens the page, gives the token once, runs five rounds and watches them
 * arrive without reloading, then stops a second run midway. Screenshots of the idle, running,
 * completed and stopped page (and the stopped page at 700 px) go to {@code target/screenshots}.
 */
class DashboardBrowserTest {
    private static final int WIDE = 1440;
    private static final int NARROW = 700;
    private static final Duration RUN = Duration.ofSeconds(120);
    /** At the demo's 10-30 ms a round, some minutes: far longer than the test needs to press Stop. */
    private static final int LONG_RUN = 10_000;

    private DemoClient demo;
    private Browser browser;

    @BeforeEach
    void openThePage() throws Exception {
        Browser.requireChromium();
        // Central DP, so that the privacy chart and budget have something to show. Runs of up to
        // LONG_RUN rounds, so that the second run is still going, whatever the machine, when Stop comes.
        demo = new DemoClient("--rounds", Integer.toString(LONG_RUN), "--dp-mode", "central", "--dp-epsilon", "5");
        demo.awaitIdleWithAgents(5);
        browser = Browser.open(WIDE, 1000);
        browser.driver.get(demo.demo.url());
    }

    @AfterEach
    void closeEverything() throws Exception {
        if (browser != null) browser.close();
        if (demo != null) demo.close();
    }

    @Test
    void aUserRunsFiveRounds_watchesThemLive_thenStopsASecondRunMidway() throws Exception {
        await(Duration.ofSeconds(20), () -> rows("#agents tr[data-agent]").size() == 5, "the agents board to list 5 agents");
        await(Duration.ofSeconds(10), () -> text("connection").equals("live"), "the live connection");
        assertEquals("IDLE", text("phase-badge"));
        assertEquals(10, browser.driver.findElements(By.cssSelector("#phases li")).size(), "every state-machine phase shown");
        assertTrue(text("budget-display").startsWith("ε = 5, δ = 0.00001"), text("budget-display"));
        browser.screenshot("dashboard-idle", WIDE);

        // The page asks for the token once, at the first Start, then starts the run it was asked for.
        browser.js("window.sameDocument = 'still the first page load'");
        type("rounds", "5");
        click("start");
        await(Duration.ofSeconds(5), () -> browser.driver.findElement(By.id("token-dialog")).isDisplayed(), "the token dialog");
        type("token-input", demo.token());
        click("token-save");
        assertEquals(demo.token(), browser.js("return sessionStorage.getItem('pmad-dashboard-token')"),
                "the token is kept for the tab");
        assertEquals(null, browser.js("return localStorage.getItem('pmad-dashboard-token')"),
                "and not beyond it unless the user ticks Remember");

        await(RUN, () -> text("phase-badge").equals("COMPLETED") && chartPoints("chart-accuracy") == 5,
                "the 5-round run to complete on the page");
        assertEquals("5", text("round"));
        assertEquals("5", text("target"));
        assertEquals("still the first page load", browser.js("return window.sameDocument"), "the page must not reload");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), browser.js("return window.pmad.appliedRounds"),
                "each round should have reached the page live, in order");
        assertEquals(5, chartPoints("chart-quality"));
        assertEquals(5, chartPoints("chart-privacy"));
        assertTrue(text("kpi-epsilon").endsWith("/ 5.000"), text("kpi-epsilon"));
        assertEquals(5, rows("#history tr").size());
        assertEquals(5, rows("#agents tr[data-agent]").size());
        assertTrue(text("kpi-accuracy").endsWith("%"), text("kpi-accuracy"));
        String firstRun = shownRunId();
        assertTrue(firstRun.startsWith("run-"), "the run id shown: " + firstRun);
        // The model link is redrawn on the page's slower timer than the phase badge: wait for it to
        // name this run rather than reading it at the instant the badge changed.
        await(Duration.ofSeconds(10), () -> text("model-link").equals("Download final model (" + firstRun + ", COMPLETED)"),
                "the model link to name the completed run " + firstRun + " (it shows '" + text("model-link") + "')");
        await(Duration.ofSeconds(10), () -> text("control-message").equals("Run " + firstRun + " started."),
                "the start confirmation for " + firstRun + " (it shows '" + text("control-message") + "')");
        browser.screenshot("dashboard-completed", WIDE);

        // A second, long run: no token dialog this time; stop it midway.
        type("rounds", Integer.toString(LONG_RUN));
        click("start");
        // Until the second run's first event reaches the page, the counter still shows the first
        // run's final round: sample counters only once the page names the new run.
        await(Duration.ofSeconds(20), () -> !shownRunId().equals(firstRun) && shownRunId().startsWith("run-"),
                "the page to show the second run's id instead of " + firstRun);
        String secondRun = shownRunId();
        // Stop once a curve shows and the counter has visibly moved on.
        var countersSeen = new ArrayList<Integer>();
        await(RUN, () -> {
            // Run id and counter are drawn in the same frame; read them together.
            List<?> header = (List<?>) browser.js(
                    "return [document.getElementById('run-id').textContent, document.getElementById('round').textContent]");
            assertEquals("run " + secondRun, header.get(0), "the page switched runs while the second run was going");
            int counter = Integer.parseInt(header.get(1).toString().strip());
            if (countersSeen.isEmpty() || countersSeen.get(countersSeen.size() - 1) != counter) countersSeen.add(counter);
            return countersSeen.size() >= 4 && counter >= 8 && chartPoints("chart-accuracy") >= 5;
        }, "the second run's round counter to move on a few times");
        assertTrue(increasing(countersSeen),
                "the round counter should have advanced step by step without a reload: " + countersSeen);
        assertEquals("still the first page load", browser.js("return window.sameDocument"));
        browser.screenshot("dashboard-running", WIDE);
        click("stop");
        assertFalse(browser.driver.findElement(By.id("token-dialog")).isDisplayed(), "the token is asked for only once");
        assertEquals(Integer.toString(LONG_RUN), text("target"));
        await(Duration.ofSeconds(20), () -> text("phase-badge").equals("STOPPED"),
                "the STOPPED state (the coordinator is in " + demo.state().get("phase") + ", message '" + text("control-message") + "')");
        assertEquals("STOPPED", browser.driver.findElement(By.cssSelector("#phases li.current")).getText());
        assertTrue(Integer.parseInt(text("round")) < LONG_RUN);
        assertEquals("STOPPED", demo.state().get("phase").asText());
        await(Duration.ofSeconds(10), () -> text("model-link").equals("Download final model (" + secondRun + ", STOPPED)"),
                "the model link to name the stopped run " + secondRun + " (it shows '" + text("model-link") + "')");
        browser.screenshot("dashboard-stopped", WIDE);

        browser.screenshot("dashboard-stopped-700px", NARROW);
        long overflow = ((Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
        assertTrue(overflow <= 0, "at 700 px the page scrolls sideways by " + overflow + " px");
        assertEquals(List.of(), browser.cspViolations(), "the page must need nothing its Content-Security-Policy refuses");
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText().strip();
    }

    /** The run id in the page's header, without its "run " prefix; "" before the first run. */
    private String shownRunId() {
        String shown = text("run-id");
        return shown.startsWith("run ") ? shown.substring(4) : "";
    }

    private List<WebElement> rows(String css) {
        return browser.driver.findElements(By.cssSelector(css));
    }

    private long chartPoints(String canvasId) {
        Object n = browser.js("const c = Chart.getChart(arguments[0]); return c ? c.data.labels.length : 0", canvasId);
        return ((Number) n).longValue();
    }

    private void type(String id, String value) {
        WebElement input = browser.driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private void click(String id) {
        browser.driver.findElement(By.id(id)).click();
    }

    private void await(Duration limit, Supplier<Boolean> condition, String what) {
        new WebDriverWait(browser.driver, limit, Duration.ofMillis(100)).withMessage(what).until(d -> condition.get());
    }

    private static boolean increasing(List<? extends Number> values) {
        for (int i = 1; i < values.size(); i++) if (values.get(i).longValue() < values.get(i - 1).longValue()) return false;
        return true;
    }
}
