package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.dashboard.port.ControlResult;
import dev.pmad.dashboard.port.StartRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start and Stop: the token, the body's validation, and the federation's answers as status codes. */
class ControlEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunningDashboard server = new RunningDashboard();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void startWithoutAToken_is401_andStartsNothing() throws Exception {
        var response = server.post("/api/federation/start", "{\"targetRounds\": 5}");
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(message(response).contains("control token"), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(server.federation.starts.isEmpty());
    }

    @Test
    void startWithAWrongToken_is401_andStartsNothing() throws Exception {
        var viaHeader = server.post("/api/federation/start", "{\"targetRounds\": 5}", "X-PMAD-Token", "guess");
        var viaBearer = server.post("/api/federation/start", "{\"targetRounds\": 5}", "Authorization", "Bearer guess");
        assertEquals(401, viaHeader.statusCode());
        assertEquals(401, viaBearer.statusCode());
        assertTrue(server.federation.starts.isEmpty());
    }

    @Test
    void aWrongToken_is401_evenWithABadBody() throws Exception {
        assertEquals(401, server.post("/api/federation/start", "not json", "X-PMAD-Token", "guess").statusCode());
    }

    @Test
    void stopWithoutAToken_is401_andStopsNothing() throws Exception {
        assertEquals(401, server.post("/api/federation/stop", "").statusCode());
        assertTrue(server.federation.stops.isEmpty());
    }

    @Test
    void startWithTheToken_isAccepted_asHeaderOrBearer() throws Exception {
        var viaHeader = server.postWithToken("/api/federation/start", "{\"targetRounds\": 5}");
        assertEquals(202, viaHeader.statusCode(), viaHeader.body());
        assertEquals("run-1", JSON.readTree(viaHeader.body()).get("runId").asText());
        var viaBearer = server.post("/api/federation/start", "{\"targetRounds\": 7}", "Authorization",
                "Bearer " + RunningDashboard.TOKEN);
        assertEquals(202, viaBearer.statusCode(), viaBearer.body());
        assertEquals(5, server.federation.starts.get(0).targetRounds());
        assertEquals(7, server.federation.starts.get(1).targetRounds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"targetRounds\": null}", "[]", "not json"})
    void startWithoutTargetRounds_is400_withAMessage(String body) throws Exception {
        var response = server.postWithToken("/api/federation/start", body);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(message(response).contains("targetRounds") || message(response).contains("JSON"), response.body());
        assertTrue(server.federation.starts.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"five\"", "\"5\"", "2.5", "true", "{}", "[5]"})
    void startWithTargetRoundsNotANumber_is400_withAMessage(String value) throws Exception {
        var response = server.postWithToken("/api/federation/start", "{\"targetRounds\": " + value + "}");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(message(response).contains("targetRounds must be a whole number from 1 to 1000"), response.body());
        assertTrue(server.federation.starts.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "1001", "99999999999"})
    void startWithTargetRoundsOutOfRange_is400_namingTheRange(String value) throws Exception {
        var response = server.postWithToken("/api/federation/start", "{\"targetRounds\": " + value + "}");
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("targetRounds must be between 1 and 1000, was " + value, message(response));
        assertTrue(server.federation.starts.isEmpty());
    }

    @Test
    void startWithAnUnknownField_is400() throws Exception {
        var response = server.postWithToken("/api/federation/start", "{\"targetRound\": 5}");
        assertEquals(400, response.statusCode());
        assertTrue(message(response).contains("unknown field 'targetRound'"), response.body());
    }

    @Test
    void startWithABadBudget_is400() throws Exception {
        var response = server.postWithToken("/api/federation/start", "{\"targetRounds\": 5, \"epsilonBudget\": -1}");
        assertEquals(400, response.statusCode());
        assertTrue(message(response).contains("epsilonBudget must be a positive number"), response.body());
    }

    @Test
    void startWithAStrategyAndOptionsAsText_passesThemToTheFederation() throws Exception {
        var response = server.postWithToken("/api/federation/start",
                "{\"targetRounds\": 5, \"strategy\": \"fedadam\", \"strategyOptions\": \"eta = 0.05, beta1=0.9\"}");
        assertEquals(202, response.statusCode(), response.body());
        StartRequest start = server.federation.starts.get(0);
        assertEquals("fedadam", start.strategy());
        assertEquals(List.of("eta", "beta1"), List.copyOf(start.strategyOptions().keySet()));
        assertEquals(Map.of("eta", "0.05", "beta1", "0.9"), start.strategyOptions());
    }

    @Test
    void startWithOptionsAsAnObject_andWithoutAStrategy_keepsTheFederationsOwn() throws Exception {
        assertEquals(202, server.postWithToken("/api/federation/start",
                "{\"targetRounds\": 5, \"strategy\": \"krum\", \"strategyOptions\": {\"f\": 1, \"k\": \"2\"}}").statusCode());
        assertEquals(Map.of("f", "1", "k", "2"), server.federation.starts.get(0).strategyOptions());
        assertEquals(202, server.postWithToken("/api/federation/start",
                "{\"targetRounds\": 5, \"strategyOptions\": \"\"}").statusCode());
        assertEquals(null, server.federation.starts.get(1).strategy());
        assertEquals(Map.of(), server.federation.starts.get(1).strategyOptions());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"strategy\": 3|strategy must be a strategy's name",
        "\"strategy\": \"  \"|strategy must be a strategy's name",
        "\"strategy\": \"fedadam\", \"strategyOptions\": \"eta\"|strategyOptions: 'eta' is not key=value",
        "\"strategy\": \"fedadam\", \"strategyOptions\": \"eta=0.1,eta=0.2\"|eta is given twice",
        "\"strategy\": \"fedadam\", \"strategyOptions\": [1]|strategyOptions must be key=value pairs",
        "\"strategy\": \"fedadam\", \"strategyOptions\": {\"eta\": true}|eta must be a number",
        "\"strategyOptions\": \"eta=0.1\"|strategyOptions need a strategy"})
    void startWithAMalformedStrategy_is400_andStartsNothing(String fieldsAndMessage) throws Exception {
        String[] parts = fieldsAndMessage.split("\\|");
        var response = server.postWithToken("/api/federation/start", "{\"targetRounds\": 5, " + parts[0] + "}");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(message(response).contains(parts[1]), response.body());
        assertTrue(server.federation.starts.isEmpty());
    }

    @Test
    void startWithAStrategyTheFederationRefuses_is400_withItsReason() throws Exception {
        server.federation.startAnswer = ControlResult.invalid("fedadam: eta must be > 0, was -1");
        var response = server.postWithToken("/api/federation/start",
                "{\"targetRounds\": 5, \"strategy\": \"fedadam\", \"strategyOptions\": \"eta=-1\"}");
        assertEquals(400, response.statusCode());
        assertEquals("fedadam: eta must be > 0, was -1", message(response));
    }

    @Test
    void startWhileRunning_is409_withTheFederationsReason() throws Exception {
        server.federation.startAnswer = ControlResult.conflict("a run is already in progress (TRAINING); stop it first");
        var response = server.postWithToken("/api/federation/start", "{\"targetRounds\": 5}");
        assertEquals(409, response.statusCode());
        assertEquals("a run is already in progress (TRAINING); stop it first", message(response));
        assertEquals("Conflict", JSON.readTree(response.body()).get("error").asText());
    }

    @Test
    void startRefusedByTheFederation_is400() throws Exception {
        server.federation.startAnswer = ControlResult.invalid("cannot calibrate noise");
        var response = server.postWithToken("/api/federation/start", "{\"targetRounds\": 5}");
        assertEquals(400, response.statusCode());
        assertEquals("cannot calibrate noise", message(response));
    }

    @Test
    void stopWhileIdle_is409() throws Exception {
        var response = server.postWithToken("/api/federation/stop", "");
        assertEquals(409, response.statusCode(), response.body());
        assertEquals("no run in progress (IDLE)", message(response));
    }

    @Test
    void stopWhileRunning_is202_andSaysWhoStoppedIt() throws Exception {
        server.federation.stopAnswer = ControlResult.accepted("run-1", "stopping");
        var response = server.postWithToken("/api/federation/stop", "");
        assertEquals(202, response.statusCode());
        assertEquals("stopped from the dashboard", server.federation.stops.get(0));
    }

    private static String message(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertEquals(response.statusCode(), body.get("status").asInt(), response.body());
        return body.get("message").asText();
    }
}
