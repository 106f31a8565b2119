package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --fraction through the real command line (issue 13: client sampling). */
class ClientSamplingCommandTest {

    private static CliRunner.Result simulate(String... extra) {
        var args = new ArrayList<>(List.of("simulate", "--data", CliRunner.breastCancer(), "--agents", "20", "--partition",
                "iid", "--seed", "3", "--json"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static List<String> participants(JsonNode round) {
        var ids = new ArrayList<String>();
        round.get("participants").forEach(p -> ids.add(p.asText()));
        return ids;
    }

    @Test
    void fractionPointThree_with20Agents_completes_andEveryRoundListsItsOwnParticipants() {
        CliRunner.Result r = simulate("--fraction", "0.3", "--rounds", "6");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = r.json();
        assertEquals("COMPLETED", json.get("outcome").asText());
        assertEquals(0.3, json.at("/sampling/fraction").asDouble());
        assertEquals(6, json.get("roundsCompleted").asInt());
        Set<List<String>> distinct = new HashSet<>();
        int taken = 0;
        for (JsonNode round : json.get("rounds")) {
            List<String> ids = participants(round);
            assertTrue(ids.size() >= json.at("/sampling/minAgents").asInt(), "round " + round.get("round") + ": " + ids);
            assertTrue(ids.size() < 20, "round " + round.get("round") + " took every agent: " + ids);
            assertEquals(0, round.get("failures").size(), "agents not drawn are no failures: " + round.get("failures"));
            distinct.add(ids);
            taken += ids.size();
        }
        assertTrue(distinct.size() > 1, "the participants vary from round to round: " + distinct);
        // 20 agents x 6 rounds x 0.3 = 36 expected participations, against 120 without sampling.
        assertTrue(taken >= 15 && taken <= 60, "participations: " + taken);
        assertTrue(json.at("/final/accuracy").asDouble() >= 0.85, "accuracy " + json.at("/final/accuracy"));
    }

    @Test
    void centralModeEpsilon_withSampling_equalsPrivacyEpsilonAtThatSamplingRate() {
        CliRunner.Result run = simulate("--fraction", "0.3", "--rounds", "8", "--dp-mode", "central", "--dp-epsilon", "2");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode privacy = run.json().get("privacy");
        assertEquals("COMPLETED", run.json().get("outcome").asText(), run.json().get("reason").asText());
        double z = privacy.get("noiseMultiplier").asDouble();
        double spent = privacy.get("epsilonSpent").asDouble();

        // A sampled central run hides an agent under replace-one with exact discrete noise; the
        // command must be told so.
        CliRunner.Result accountant = CliRunner.run("privacy", "epsilon", "--noise-multiplier", Double.toString(z),
                "--sample-rate", "0.3", "--steps", "8", "--delta", "1e-5", "--neighbours", "replace-one", "--discrete",
                "--json");
        assertEquals(0, accountant.exitCode(), accountant.err());
        // The run composes its rounds one at a time, the command all at once: equal up to rounding.
        assertEquals(accountant.json().get("epsilon").asDouble(), spent, 1e-12 * spent);
        assertTrue(spent <= 2 && spent >= 0.99 * 2, "the run's budget, spent: " + spent);

        // Theorem 9 never charges more than the same discrete noise without sampling (at q = 0.3
        // and this epsilon it buys little: PrivacyPlanner's class note, BENCHMARKS.md).
        CliRunner.Result unsampled = CliRunner.run("privacy", "epsilon", "--noise-multiplier", Double.toString(z),
                "--sample-rate", "1", "--steps", "8", "--delta", "1e-5", "--discrete", "--json");
        assertTrue(unsampled.json().get("epsilon").asDouble() >= spent * (1 - 1e-12),
                "the same noise without sampling costs at least as much: " + unsampled.out());
    }

    @ParameterizedTest
    @CsvSource({"0, must be a number in (0, 1]", "1.5, must be a number in (0, 1]", "-0.2, must be a number in (0, 1]",
            "most, 'most' is not a double"})
    void badFraction_isRefusedNamingTheOption_withExitCode2(String fraction, String reason) {
        CliRunner.Result r = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--fraction", fraction);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--fraction") && r.err().contains(reason), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void minAgentsAboveTheAgents_isRefusedNamingTheOption() {
        CliRunner.Result r = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--agents", "4",
                "--fraction", "0.5", "--min-agents", "5");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--min-agents must be between 1 and --agents (4), was 5"), r.err());
    }
}
