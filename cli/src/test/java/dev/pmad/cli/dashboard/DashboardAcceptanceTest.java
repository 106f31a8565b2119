package dev.pmad.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's REST contract against the real coordinator and five real agents (acceptance 2
 * and 3 of the dashboard issue): who may start, what a Start must say, when Start and Stop
 * conflict, and /metrics moving during a run.
 */
class DashboardAcceptanceTest {
    private static DemoClient demo;

    @BeforeAll
    static void startDemo() {
        // Label skew makes accuracy change from round to round, and 20 local epochs make a round
        // take tens of milliseconds, so the /metrics test sees the gauges move instead of being
        // outrun by a 30-round run that would otherwise finish in a fraction of a second.
        demo = new DemoClient("--partition", "dirichlet:0.5", "--epochs", "20");
        demo.awaitIdleWithAgents(5);
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    @BeforeEach
    void noRunInProgress() throws Exception {
        if (demo.state().get("running").asBoolean()) demo.stop();
        demo.awaitIdleWithAgents(5);
    }

    @Test
    void startWithoutATokenOrWithAWrongOne_is401_andStartsNothing() throws Exception {
        String runBefore = demo.state().get("runId").asText();
        var none = demo.post("/api/federation/start", "{\"targetRounds\": 5}");
        var wrong = demo.post("/api/federation/start", "{\"targetRounds\": 5}", "X-PMAD-Token", "not-the-token");
        var wrongBearer = demo.post("/api/federation/start", "{\"targetRounds\": 5}", "Authorization", "Bearer nope");
        assertEquals(401, none.statusCode(), none.body());
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals(401, wrongBearer.statusCode(), wrongBearer.body());
        JsonNode state = demo.state();
        assertFalse(state.get("running").asBoolean());
        assertEquals(runBefore, state.get("runId").asText(), "no run may have started");
    }

    @Test
    void startWithABadTargetRounds_is400_withAMessage() throws Exception {
        var cases = List.of("{}", "{\"targetRounds\": \"ten\"}", "{\"targetRounds\": 0}", "{\"targetRounds\": 1001}",
                "{\"targetRounds\": 2.5}", "nonsense");
        for (String body : cases) {
            var response = demo.post("/api/federation/start", body, "X-PMAD-Token", demo.token());
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            String message = DemoClient.JSON.readTree(response.body()).get("message").asText();
            assertTrue(message.contains("targetRounds") || message.contains("JSON"), body + " -> " + message);
        }
        assertEquals("targetRounds must be between 1 and 1000, was 1001", message(
                demo.post("/api/federation/start", "{\"targetRounds\": 1001}", "X-PMAD-Token", demo.token())));
        assertFalse(demo.state().get("running").asBoolean());
    }

    @Test
    void startWithAStrategyTheCoordinatorCannotRun_is400_withTheReason_andStartsNothing() throws Exception {
        String runBefore = demo.state().get("runId").asText();
        assertTrue(refusal("{\"targetRounds\": 2, \"strategy\": \"fedsgd\"}")
                .startsWith("unknown strategy 'fedsgd'; known: newton, fedavg,"), "an unknown name lists the known ones");
        assertEquals("fedadam: eta must be > 0, was -1",
                refusal("{\"targetRounds\": 2, \"strategy\": \"fedadam\", \"strategyOptions\": \"eta=-1\"}"));
        assertTrue(refusal("{\"targetRounds\": 2, \"strategy\": \"fedadam\", \"strategyOptions\": {\"lr\": 0.1}}")
                .startsWith("fedadam: unknown option lr; fedadam takes eta (default 0.1, > 0)"));
        assertTrue(refusal("{\"targetRounds\": 2, \"strategy\": \"fedadam\", \"strategyOptions\": \"eta\"}")
                .contains("'eta' is not key=value"));
        // Valid on its own, but Krum with f = 2 needs 7 updates a round and this federation's quorum is 5.
        String krum = refusal("{\"targetRounds\": 2, \"strategy\": \"krum\", \"strategyOptions\": \"f=2\"}");
        assertTrue(krum.contains("needs at least 7 updates a round, but MIN_AGENTS is 5"), krum);
        JsonNode state = demo.state();
        assertFalse(state.get("running").asBoolean());
        assertEquals(runBefore, state.get("runId").asText(), "no run may have started");
    }

    @Test
    void startWithAStrategy_runsIt_andTheNextStartWithoutOneRunsTheFederationsOwn() throws Exception {
        var started = demo.post("/api/federation/start", "{\"targetRounds\": 2, \"strategy\": \"fedavgm\","
                + " \"strategyOptions\": {\"beta\": 0.5}}", "X-PMAD-Token", demo.token());
        assertEquals(202, started.statusCode(), started.body());
        String runId = DemoClient.JSON.readTree(started.body()).get("runId").asText();
        JsonNode done = demo.awaitState(DemoClient.RUN_LIMIT, s -> s.at("/lastRun/runId").asText().equals(runId),
                "the fedavgm run to finish");
        assertEquals("fedavgm", done.at("/strategy/name").asText());
        assertEquals(0.5, done.at("/strategy/options/beta").asDouble(), 0);
        assertEquals("fedavgm", demo.demo.lastRun().strategy());

        assertEquals(202, demo.start(1).statusCode());
        JsonNode next = demo.awaitState(DemoClient.RUN_LIMIT, s -> !s.get("running").asBoolean()
                && !s.at("/lastRun/runId").asText().equals(runId), "the next run to finish");
        assertEquals("newton", next.at("/strategy/name").asText());
    }

    private String refusal(String body) throws Exception {
        HttpResponse<String> response = demo.post("/api/federation/start", body, "X-PMAD-Token", demo.token());
        assertEquals(400, response.statusCode(), body + " -> " + response.body());
        return message(response);
    }

    @Test
    void stopWhileIdle_is409() throws Exception {
        var response = demo.stop();
        assertEquals(409, response.statusCode(), response.body());
        assertTrue(message(response).startsWith("no run in progress"), response.body());
    }

    @Test
    void startWhileRunning_is409_andStopThenEndsTheRunAsStopped() throws Exception {
        var first = demo.start(1000);
        assertEquals(202, first.statusCode(), first.body());
        String runId = DemoClient.JSON.readTree(first.body()).get("runId").asText();
        demo.awaitState(Duration.ofSeconds(30), s -> s.get("round").asInt() >= 1, "the first round");

        var second = demo.start(5);
        assertEquals(409, second.statusCode(), second.body());
        assertTrue(message(second).contains("already in progress"), second.body());

        var stop = demo.stop();
        assertEquals(202, stop.statusCode(), stop.body());
        JsonNode stopped = demo.awaitState(Duration.ofSeconds(10), s -> s.get("phase").asText().equals("STOPPED"), "STOPPED");
        assertEquals(runId, stopped.get("runId").asText());
        assertEquals("STOPPED", stopped.at("/lastRun/outcome").asText());
        assertTrue(stopped.get("round").asInt() < 1000);
    }

    @Test
    void metrics_showRoundAndAccuracyMovingDuringARun() throws Exception {
        // A run far longer than the sampling needs, stopped once the gauges have been seen moving:
        // how fast rounds go on this machine then does not decide what the sampler sees. fedavg,
        // whose accuracy moves every round; the default, newton, is at its optimum by round 3
        // and then runs a 1000-round run in about two seconds with the accuracy standing still.
        assertEquals(202, demo.post("/api/federation/start", "{\"targetRounds\": 1000, \"strategy\": \"fedavg\"}",
                "X-PMAD-Token", demo.token()).statusCode());
        var rounds = new TreeSet<Double>();
        var accuracies = new ArrayList<Double>();
        demo.awaitState(DemoClient.RUN_LIMIT, s -> {
            try {
                String text = demo.get("/metrics").body();
                if (value(text, "pmad_run_active") == 1.0) {
                    rounds.add(value(text, "pmad_round"));
                    double accuracy = value(text, "pmad_accuracy");
                    if (!Double.isNaN(accuracy) && (accuracies.isEmpty() || !accuracies.get(accuracies.size() - 1).equals(accuracy))) {
                        accuracies.add(accuracy);
                    }
                }
                return (rounds.size() >= 3 && accuracies.size() >= 2) || !s.get("running").asBoolean();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the gauges to move during the run");
        assertTrue(demo.state().get("running").asBoolean(), "the 1000-round run ended before the gauges were seen moving");
        assertEquals(202, demo.stop().statusCode());
        demo.awaitState(DemoClient.RUN_LIMIT, s -> s.get("phase").asText().equals("STOPPED"), "STOPPED");
        assertTrue(rounds.size() >= 3, "pmad_round during the run took only the values " + rounds);
        assertTrue(accuracies.size() >= 2, "pmad_accuracy during the run took only the values " + accuracies);
        assertTrue(accuracies.stream().anyMatch(a -> a > 0.8), "accuracy during the run " + accuracies);
        String after = demo.get("/metrics").body();
        assertEquals(demo.state().get("round").asDouble(), value(after, "pmad_round"));
        assertEquals(0.0, value(after, "pmad_run_active"));
        demo.awaitIdleWithAgents(5);
        assertEquals(5.0, value(demo.get("/metrics").body(), "pmad_agents{state=\"READY\"}"));
    }

    @Test
    void theFinalModel_isADownloadableSelfDescribingJsonFile() throws Exception {
        assertEquals(202, demo.start(2).statusCode());
        demo.awaitState(DemoClient.RUN_LIMIT, s -> s.get("phase").asText().equals("COMPLETED"), "COMPLETED");
        var response = demo.get("/api/model");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains("pmad-model-run-"));
        JsonNode model = DemoClient.JSON.readTree(response.body()).get("model");
        assertEquals("pmad-logistic-regression/1", model.get("format").asText());
        assertEquals(2, model.get("weights").size());
        assertEquals(model.get("features").size() + 1, model.get("weights").get(0).size(), "features plus bias");
        assertEquals(model.get("features").size(), model.at("/standardization/mean").size());
        assertEquals("COMPLETED", DemoClient.JSON.readTree(response.body()).at("/run/outcome").asText());
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return DemoClient.JSON.readTree(response.body()).get("message").asText();
    }

    static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).strip());
        }
        throw new AssertionError("no series " + series + " in\n" + exposition);
    }
}
