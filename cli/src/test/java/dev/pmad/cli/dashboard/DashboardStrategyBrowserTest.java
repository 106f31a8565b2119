package dev.pmad.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.coordinator.run.RunSummary;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Start form's strategy selector in headless Chromium against the real coordinator and five
 * real agents: the federation's own strategy is proposed, an option out of range is refused with
 * the coordinator's message on the form, and a run started with another strategy and option
 * aggregates with them (the coordinator's run summary says so) and names them in the run header.
 */
class DashboardStrategyBrowserTest {
    private static final Duration RUN = Duration.ofSeconds(120);

    private DemoClient demo;
    private Browser browser;

    @BeforeEach
    void openThePage() throws Exception {
        Browser.requireChromium();
        demo = new DemoClient("--rounds", "3");
        demo.awaitIdleWithAgents(5);
        browser = Browser.open(1440, 1000);
        browser.driver.get(demo.demo.url());
    }

    @AfterEach
    void closeEverything() throws Exception {
        if (browser != null) browser.close();
        if (demo != null) demo.close();
    }

    @Test
    void aUserStartsARunWithAnotherStrategyFromTheForm_andThatStrategyRuns() throws Exception {
        await(Duration.ofSeconds(20), () -> text("connection").equals("live"), "the live connection");
        Select strategy = new Select(browser.driver.findElement(By.id("strategy")));
        await(Duration.ofSeconds(10), () -> strategy.getOptions().size() > 1, "the strategies in the selector");
        assertEquals("newton", strategy.getFirstSelectedOption().getText(), "the federation's own strategy is proposed");
        List<String> offered = strategy.getOptions().stream().map(WebElement::getText).toList();
        assertTrue(offered.containsAll(List.of("fedavg", "fedadam", "newton", "krum")), "offered: " + offered);

        strategy.selectByValue("fedadam");
        assertTrue(text("strategy-hint").contains("eta"), "the hint names fedadam's options: " + text("strategy-hint"));
        type("strategy-options", "eta=-1");
        type("rounds", "3");
        click("start");
        await(Duration.ofSeconds(5), () -> browser.driver.findElement(By.id("token-dialog")).isDisplayed(), "the token dialog");
        type("token-input", demo.token());
        click("token-save");
        await(Duration.ofSeconds(10), () -> text("control-message").equals("fedadam: eta must be > 0, was -1"),
                "the coordinator's refusal on the form (it shows '" + text("control-message") + "')");
        assertEquals("IDLE", demo.state().get("phase").asText(), "nothing started");

        type("strategy-options", "eta=0.05");
        click("start");
        await(RUN, () -> text("phase-badge").equals("COMPLETED") && text("round").equals("3"),
                "the 3-round fedadam run to complete on the page");
        String runId = text("run-id").replaceFirst("^run ", "");
        await(Duration.ofSeconds(10), () -> text("control-message").equals("Run " + runId + " started."),
                "the start confirmation (it shows '" + text("control-message") + "')");
        String header = "strategy fedadam (eta=0.05, beta1=0.9, beta2=0.99, tau=0.001)";
        await(Duration.ofSeconds(10), () -> text("run-strategy").equals(header),
                "the run header to name the strategy and its options (it shows '" + text("run-strategy") + "')");

        RunSummary summary = demo.demo.lastRun();
        assertEquals(runId, summary.runId());
        assertEquals("fedadam", summary.strategy(), "the run aggregated with the strategy chosen on the form");
        assertEquals(0.05, summary.strategyOptions().get("eta"), 0);
        JsonNode state = demo.state();
        assertEquals("fedadam", state.at("/strategy/name").asText());
        assertEquals(0.05, state.at("/strategy/options/eta").asDouble(), 0);
        assertEquals("newton", state.at("/defaultStrategy/name").asText(), "the federation's own strategy is unchanged");
        browser.screenshot("dashboard-strategy", 1440);
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText().strip();
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
}
