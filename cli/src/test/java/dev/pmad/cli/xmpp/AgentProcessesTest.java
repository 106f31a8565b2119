package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.cli.FederationRuns;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1, as deployed: {@code pmad coordinator} and five {@code pmad agent} processes, each
 * with its own account, password file and TLS connection to a real Prosody, configured only by
 * environment variables.
 */
class AgentProcessesTest {
    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @TempDir
    Path dir;

    private Parties parties;

    @BeforeEach
    void parties() {
        parties = new Parties(PROSODY, dir);
    }

    @AfterEach
    void stop() {
        parties.close();
    }

    @Test
    void coordinatorAndFiveAgentProcesses_breastCancerNonIid_reach95PercentInFiveRounds_asSimulateDoes() throws Exception {
        Path runs = dir.resolve("runs");
        PmadProcess coordinator = parties.coordinatorProcess(Map.of("MIN_AGENTS", "5", "TARGET_ROUNDS", "5",
                "AUTO_START", "true", "EXIT_AFTER_RUN", "true", "ROUND_TIMEOUT", "60s", "RUNS_DIR", runs.toString()));
        for (int i = 1; i <= 5; i++) parties.agentProcess(i, 5, Map.of());

        assertEquals(0, coordinator.awaitExit(Duration.ofSeconds(120)), coordinator.tail(40));
        JsonNode summary = new ObjectMapper().readTree(coordinator.stdout().strip());

        assertEquals("COMPLETED", summary.get("outcome").asText(), summary.toString());
        assertEquals(5, summary.get("roundsCompleted").asInt());
        assertEquals(5, summary.get("agents").asInt());
        double accuracy = summary.at("/final/accuracy").asDouble();
        assertTrue(accuracy >= 0.95, "final accuracy " + accuracy);
        // Separate processes, TLS and Prosody in between, and still the simulation's numbers.
        RunSummary simulated = FederationRuns.inMemory("--data", Parties.DATA.toString(), "--schema",
                Parties.SCHEMA.toString(), "--agents", "5", "--rounds", "5", "--partition", "dirichlet:0.5", "--seed", "42");
        assertEquals(simulated.finalMetrics().loss(), summary.at("/final/loss").asDouble(), 1e-12);
        assertEquals(simulated.finalMetrics().accuracy(), accuracy, 1e-12);
        // And it says where the run's files and model went.
        Path model = runs.resolve(summary.get("runId").asText()).resolve("model");
        assertEquals(model.toString(), summary.get("model").asText());
        assertTrue(Files.isRegularFile(model.resolve("MLmodel")), model.toString());
        assertTrue(coordinator.stderr().contains("its model in " + model), coordinator.tail(5));
    }
}
