package dev.pmad.dashboard;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.dashboard.port.DashboardState;
import dev.pmad.dashboard.port.FederationEvent;
import dev.pmad.dashboard.port.StrategySetting;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live stream: snapshot first, then events in order, and the log that survives a reload. */
class EventStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aNewStream_startsWithASnapshot_thenGetsEventsInOrder() throws Exception {
        try (var server = new RunningDashboard(); var stream = server.events()) {
            assertEquals(200, stream.status);
            JsonNode snapshot = JSON.readTree(stream.next(WAIT).data());
            assertEquals("IDLE", snapshot.at("/state/phase").asText());
            assertEquals("agent-1", snapshot.at("/state/agents/0/id").asText());

            server.federation.emit(new FederationEvent.RunStarted("run-1", 5, new StrategySetting("fedavgm",
                    Map.of("server_lr", 1.0))));
            server.federation.emit(new FederationEvent.PhaseChanged("TRAINING", "run-1", 1, 5, "round 1 of 5"));
            server.federation.emit(new FederationEvent.RoundCompleted("run-1", FakeFederation.round(1, 0.93), 0.4));
            server.federation.emit(new FederationEvent.AgentsChanged(List.of(FakeFederation.agent("agent-1", "LOST"))));
            server.federation.emit(new FederationEvent.Log("warn", "agent lost: agent-1"));
            server.federation.emit(new FederationEvent.RunFinished(new DashboardState.RunOutcome("run-1", "STOPPED", "user", 1)));

            var run = stream.next(WAIT);
            assertEquals("run", run.name());
            assertEquals("fedavgm", JSON.readTree(run.data()).at("/strategy/name").asText());
            assertEquals(1.0, JSON.readTree(run.data()).at("/strategy/options/server_lr").asDouble());
            var phase = stream.next(WAIT);
            assertEquals("phase", phase.name());
            assertEquals("TRAINING", JSON.readTree(phase.data()).get("phase").asText());
            assertEquals("log", stream.next(WAIT).name(), "a phase change is also a log line");
            var round = stream.next(WAIT);
            assertEquals("round", round.name());
            assertEquals(0.93, JSON.readTree(round.data()).at("/round/accuracy").asDouble());
            assertEquals("run-1", JSON.readTree(round.data()).get("runId").asText());
            assertEquals("LOST", JSON.readTree(stream.next("agents", WAIT).data()).at("/0/state").asText());
            JsonNode lost = JSON.readTree(stream.next("log", WAIT).data());
            assertEquals("warn", lost.get("level").asText());
            assertEquals("agent lost: agent-1", lost.get("message").asText());
            assertEquals("STOPPED", JSON.readTree(stream.next("finished", WAIT).data()).get("outcome").asText());
        }
    }

    @Test
    void eventIds_increase_soThePageCanDropRepeats() throws Exception {
        try (var server = new RunningDashboard(); var stream = server.events()) {
            stream.next(WAIT);
            for (int i = 0; i < 5; i++) server.federation.emit(new FederationEvent.Log("info", "line " + i));
            long previous = 0;
            for (int i = 0; i < 5; i++) {
                var event = stream.next(WAIT);
                long id = Long.parseLong(event.id());
                assertTrue(id > previous, "ids " + previous + " then " + id);
                assertEquals(id, JSON.readTree(event.data()).get("seq").asLong());
                previous = id;
            }
        }
    }

    @Test
    void aPageOpenedLater_seesTheRecentLogInItsSnapshot() throws Exception {
        try (var server = new RunningDashboard()) {
            try (var first = server.events()) {
                first.next(WAIT);
                server.federation.emit(new FederationEvent.Log("info", "agent joined: agent-1"));
                first.next("log", WAIT);
            }
            try (var later = server.events()) {
                JsonNode snapshot = JSON.readTree(later.next(WAIT).data());
                assertEquals("agent joined: agent-1", snapshot.at("/log/0/message").asText());
            }
        }
    }

    @Test
    void aClosedStream_isForgotten() throws Exception {
        var config = DashboardConfig.defaults().withHost("127.0.0.1").withPort(0).withToken("t")
                .withStreams(10, 64, Duration.ofMillis(100));
        try (var server = new RunningDashboard(config)) {
            var stream = server.events();
            stream.next(WAIT);
            assertEquals(1, server.dashboard.streamStats().openStreams());
            stream.close();
            await().atMost(WAIT).untilAsserted(() -> assertTrue(() -> server.dashboard.streamStats().openStreams() == 0, () -> "the closed stream to be dropped; stats " + server.dashboard.streamStats()));
        }
    }

    @Test
    void beyondTheStreamLimit_is503() throws Exception {
        var config = DashboardConfig.defaults().withHost("127.0.0.1").withPort(0).withToken("t")
                .withStreams(2, 64, Duration.ofSeconds(15));
        try (var server = new RunningDashboard(config); var a = server.events(); var b = server.events()) {
            a.next(WAIT);
            b.next(WAIT);
            var third = server.http.send(HttpRequest.newBuilder(server.uri("/api/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, third.statusCode());
            assertTrue(third.body().contains("too many open dashboards"), third.body());
            assertEquals("5", third.headers().firstValue("Retry-After").orElse(null));
        }
    }

    @Test
    void aRequestThatIsNotAnEventSource_is406_andTakesNoPlace() throws Exception {
        var config = DashboardConfig.defaults().withHost("127.0.0.1").withPort(0).withToken("t")
                .withStreams(1, 64, Duration.ofSeconds(15));
        try (var server = new RunningDashboard(config)) {
            for (int i = 0; i < 3; i++) {
                var plain = server.get("/api/events");
                assertEquals(406, plain.statusCode());
                assertTrue(plain.body().contains("Accept: text/event-stream"), plain.body());
            }
            try (var stream = server.events()) {
                assertEquals(200, stream.status, "the one place is still free");
            }
        }
    }
}
