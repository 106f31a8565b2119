package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The open endpoints: no token needed, one snapshot each, numbers nobody computed as null. */
class ReadEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunningDashboard server = new RunningDashboard();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void state_isOpen_andShowsThePhaseRoundsAndAgents() throws Exception {
        server.federation.state = FakeFederation.state("TRAINING", "run-1", 2, 5, true,
                List.of(FakeFederation.agent("agent-1", "TRAINING")), List.of(FakeFederation.round(1, 0.9)), Map.of());
        var response = server.get("/api/state");
        assertEquals(200, response.statusCode());
        JsonNode state = JSON.readTree(response.body());
        assertEquals("TRAINING", state.get("phase").asText());
        assertEquals(2, state.get("round").asInt());
        assertEquals(5, state.get("targetRounds").asInt());
        assertEquals(1000, state.get("maxTargetRounds").asInt());
        assertEquals(10, state.get("phases").size());
        assertEquals(0.9, state.at("/rounds/0/accuracy").asDouble());
        assertEquals("timed out", state.at("/rounds/0/failures/0/reason").asText());
        assertEquals("central", state.at("/privacy/mode").asText());
        assertEquals("fedadam", state.at("/strategy/name").asText(), "the run's strategy");
        assertEquals(List.of("eta", "beta1"), fieldNames(state.at("/strategy/options")), "in the strategy's order");
        assertEquals(0.05, state.at("/strategy/options/eta").asDouble());
        assertEquals("fedavg", state.at("/defaultStrategy/name").asText());
        assertEquals("fedadam", state.at("/strategies/1/name").asText());
        assertEquals("> 0", state.at("/strategies/1/options/0/range").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void numbersNobodyCouldCompute_areNull_notNaN() throws Exception {
        var response = server.get("/api/agents");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"lastTrainLoss\":null"), response.body());
        assertEquals("agent-1", JSON.readTree(response.body()).at("/0/id").asText());
    }

    @Test
    void rounds_listsEveryRoundInOrder() throws Exception {
        server.federation.state = FakeFederation.state("EVALUATING", "run-1", 2, 5, true, List.of(),
                List.of(FakeFederation.round(1, 0.8), FakeFederation.round(2, 0.9)), Map.of());
        JsonNode rounds = JSON.readTree(server.get("/api/rounds").body());
        assertEquals(2, rounds.size());
        assertEquals(2, rounds.get(1).get("round").asInt());
        assertEquals(0.8, rounds.get(1).get("epsilonSpent").asDouble(), 1e-12);
    }

    @Test
    void health_isUp_withThePhase() throws Exception {
        var response = server.get("/health");
        assertEquals(200, response.statusCode());
        assertEquals("UP", JSON.readTree(response.body()).get("status").asText());
        assertEquals("IDLE", JSON.readTree(response.body()).get("phase").asText());
    }

    @Test
    void model_is404BeforeAnyRun_thenADownload() throws Exception {
        var before = server.get("/api/model");
        assertEquals(404, before.statusCode());
        assertTrue(JSON.readTree(before.body()).get("message").asText().contains("no run has finished yet"));
        server.federation.finishWithModel("{\"weights\":[1,2]}");
        var after = server.get("/api/model");
        assertEquals(200, after.statusCode());
        assertEquals("{\"weights\":[1,2]}", after.body());
        assertEquals("attachment; filename=\"pmad-model-run-1.json\"",
                after.headers().firstValue("Content-Disposition").orElse(""));
        assertTrue(after.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void thePage_isServed_withChartJsFromTheClasspath() throws Exception {
        var page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>PMAD"), page.body());
        assertTrue(page.body().contains("/assets/chart.js"));
        assertEquals(200, server.get("/app.js").statusCode());
        assertEquals(200, server.get("/app.css").statusCode());
        var chart = server.get("/assets/chart.js");
        assertEquals(200, chart.statusCode());
        assertTrue(chart.body().length() > 100_000, "Chart.js bundle is only " + chart.body().length() + " chars");
        assertTrue(chart.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }

    @Test
    void classFiles_areNeverServed() throws Exception {
        assertEquals(404, server.get("/dev/pmad/dashboard/Dashboard.class").statusCode());
        assertEquals(404, server.get("/pmad-dashboard-ui/index.html").statusCode());
    }

    @Test
    void anUnknownApiPath_is404() throws Exception {
        assertEquals(404, server.get("/api/nothing-here").statusCode());
    }
}
