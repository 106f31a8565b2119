package dev.pmad.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.cli.Demo;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code pmad demo}'s start-up: defaults, and errors that say what to do. */
class DemoStartTest {

    @Test
    void byDefault_servesThePageOnThisMachineOnly_withFiveAgentsOnTheDemoData() throws Exception {
        try (var demo = new DemoClient()) {
            demo.awaitIdleWithAgents(5);
            assertTrue(demo.demo.url().startsWith("http://localhost:"), demo.demo.url());
            var page = demo.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("PMAD"));
            assertEquals(10, demo.state().get("defaultRounds").asInt());
            assertEquals("IDLE", demo.state().get("phase").asText(), "the demo waits for Start");
        }
    }

    @Test
    void aPortInUse_failsWithAMessageNamingTheSetting() throws Exception {
        try (var taken = new ServerSocket(0)) {
            var e = assertThrows(IllegalStateException.class,
                    () -> Demo.start("--port", Integer.toString(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("could not listen") && e.getMessage().contains("DASHBOARD_PORT"),
                    e.getMessage());
        }
    }

    @Test
    void aMissingDataFile_saysWhichFile() {
        var e = assertThrows(RuntimeException.class, () -> Demo.start("--port", "0", "--data", "no/such/file.csv"));
        assertTrue(e.getMessage().contains("no/such/file.csv"), e.getMessage());
    }
}
