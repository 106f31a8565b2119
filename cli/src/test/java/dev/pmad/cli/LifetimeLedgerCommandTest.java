package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of the agent-policy issue, through the real command line: the agents' lifetime
 * budgets live in --ledger-dir across commands, so the same simulation repeated is refused once
 * the budget is spent, before any round, and a fresh directory starts afresh.
 */
class LifetimeLedgerCommandTest {
    @TempDir Path dir;

    private CliRunner.Result simulate(Path ledgers, double agentEpsilon) {
        return CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--label", "label", "--agents", "3",
                "--rounds", "5", "--dp-mode", "record", "--dp-epsilon", "1", "--agent-epsilon", Double.toString(agentEpsilon),
                "--ledger-dir", ledgers.toString(), "--json");
    }

    @Test
    void sameCommandRepeated_isRefusedBeforeAnyRoundOnceTheLifetimeBudgetIsSpent_andAFreshLedgerDirCompletes() {
        Path ledgers = dir.resolve("ledgers");
        // Two runs of epsilon 1 compose to about 1.45 under Renyi DP (not 2): within 1.5, so the
        // second run is admitted; the third would bring every agent above 1.5 and is refused.
        for (int run = 1; run <= 2; run++) {
            CliRunner.Result ok = simulate(ledgers, 1.5);
            assertEquals(0, ok.exitCode(), ok.err());
            assertEquals("COMPLETED", ok.json().get("outcome").asText());
            for (JsonNode agent : ok.json().at("/privacy/agents")) {
                assertTrue(agent.get("lifetimeEpsilonSpent").asDouble() <= 1.5, agent.toString());
                assertTrue(Files.exists(Path.of(agent.get("ledger").asText())), agent.toString());
            }
        }
        CliRunner.Result refused = simulate(ledgers, 1.5);
        assertNotEquals(0, refused.exitCode());
        JsonNode json = refused.json();
        assertEquals("FAILED", json.get("outcome").asText());
        assertEquals(0, json.get("roundsCompleted").asInt());
        String reason = json.get("reason").asText();
        assertTrue(reason.contains("privacy budget exhausted") && reason.contains("AGENT_DP_EPSILON=1.5")
                && reason.contains("ledger"), reason);

        CliRunner.Result fresh = simulate(dir.resolve("fresh"), 1.5);
        assertEquals(0, fresh.exitCode(), fresh.err());
        assertEquals("COMPLETED", fresh.json().get("outcome").asText());
    }

    @Test
    void aTighterLifetimeBudget_refusesTheSecondRun() {
        Path ledgers = dir.resolve("ledgers");
        assertEquals(0, simulate(ledgers, 1.2).exitCode());
        CliRunner.Result refused = simulate(ledgers, 1.2);
        assertEquals("FAILED", refused.json().get("outcome").asText());
        assertEquals(0, refused.json().get("roundsCompleted").asInt());
    }

    @Test
    void withoutALedgerDir_simulationsAreIndependent() {
        for (int run = 1; run <= 3; run++) {
            CliRunner.Result ok = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--label", "label", "--agents",
                    "3", "--rounds", "5", "--dp-mode", "record", "--dp-epsilon", "1", "--agent-epsilon", "1.2", "--json");
            assertEquals("COMPLETED", ok.json().get("outcome").asText(), ok.err());
        }
    }
}
