package dev.pmad.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics}: the federation in Prometheus' text format, one fresh picture per scrape. */
class FederationMetricsTest {
    private final RunningDashboard server = new RunningDashboard();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void beforeAnyRun_roundIsZero_andAccuracyIsNaN() throws Exception {
        var response = server.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = response.body();
        assertEquals(0.0, value(text, "pmad_round"));
        assertTrue(Double.isNaN(value(text, "pmad_accuracy")), text);
        assertEquals(1.0, value(text, "pmad_phase{phase=\"IDLE\"}"));
        assertEquals(0.0, value(text, "pmad_phase{phase=\"TRAINING\"}"));
        assertEquals(1.0, value(text, "pmad_agents{state=\"IDLE\"}"));
    }

    @Test
    void eachScrape_showsTheFederationAsItIsNow() throws Exception {
        server.get("/metrics"); // sees agent-1 IDLE
        server.federation.state = FakeFederation.state("TRAINING", "run-1", 3, 5, true,
                List.of(FakeFederation.agent("agent-1", "TRAINING"), FakeFederation.agent("agent-2", "LOST")),
                List.of(FakeFederation.round(1, 0.81), FakeFederation.round(2, 0.92)),
                Map.of("late", 2L, "unknown-sender", 1L));
        String text = server.get("/metrics").body();
        assertEquals(3.0, value(text, "pmad_round"));
        assertEquals(5.0, value(text, "pmad_target_rounds"));
        assertEquals(1.0, value(text, "pmad_run_active"));
        assertEquals(0.92, value(text, "pmad_accuracy"), 1e-12);
        assertEquals(0.25, value(text, "pmad_loss"), 1e-12);
        assertEquals(0.8, value(text, "pmad_epsilon_spent"), 1e-12);
        assertEquals(3.0, value(text, "pmad_epsilon_budget"));
        assertEquals(1.0, value(text, "pmad_agents{state=\"TRAINING\"}"));
        assertEquals(1.0, value(text, "pmad_agents{state=\"LOST\"}"));
        assertEquals(0.0, value(text, "pmad_agents{state=\"IDLE\"}"), "a state seen before stays, at 0");
        assertEquals(2.0, value(text, "pmad_rejected_messages_total{reason=\"late\"}"));
        assertEquals(1.0, value(text, "pmad_rejected_messages_total{reason=\"unknown-sender\"}"));
        assertEquals(0.0, value(text, "pmad_dashboard_event_streams"));
    }

    /** The value of one series in Prometheus text format; fails if the series is absent. */
    static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).strip());
        }
        throw new AssertionError("no series " + series + " in\n" + exposition);
    }
}
